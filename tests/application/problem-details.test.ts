import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError, errorCodes } from '../../shared/domain/domain-error.js';
import {
  httpEdgeErrorCodes,
  problemFromError,
  problemTypes,
  problemTypeUri,
  toProblem,
} from '../../shared/http/problem-details.js';

describe('problem details', () => {
  it('maps every error code to a 4xx or 5xx problem with a title and a distinct type URI', () => {
    const codes = [...errorCodes, ...httpEdgeErrorCodes];
    assert.deepEqual(Object.keys(problemTypes).sort(), [...codes].sort());
    for (const code of codes) {
      const { status, title } = problemTypes[code];
      assert.ok(status >= 400 && status <= 599, code);
      assert.ok(title.length > 0, code);
      assert.doesNotThrow(() => new URL(problemTypeUri(code)), code);
    }
    assert.equal(new Set(codes.map(problemTypeUri)).size, codes.length);
  });

  for (const [code, status] of [
    ['validation_failed', 400],
    ['order_not_found', 404],
    ['invalid_transition', 409],
    ['precondition_failed', 412],
    ['idempotency_conflict', 422],
    ['precondition_required', 428],
  ] as const) {
    it(`answers ${status} when the code is ${code}`, () => {
      assert.equal(toProblem(code).status, status);
    });
  }

  it('lists each validation issue with a pointer into the body when the request was not valid', () => {
    const error = new DomainError('validation_failed', 'The order request is not valid.', {
      issues: [{ pointer: '/lines/0/quantity', message: 'Too small' }],
    });
    assert.deepEqual(problemFromError(error, { instance: '/orders' }), {
      type: 'https://example.com/problems/validation-failed',
      title: 'The request is not valid',
      status: 400,
      detail: 'The order request is not valid.',
      instance: '/orders',
      code: 'validation_failed',
      errors: [{ pointer: '#/lines/0/quantity', detail: 'Too small' }],
    });
  });

  it('reveals nothing of the failure when the error is not a domain error', () => {
    assert.deepEqual(problemFromError(new Error('connection string AccountKey=secret rejected')), {
      type: 'https://example.com/problems/internal-error',
      title: 'Something went wrong on our side',
      status: 500,
      code: 'internal_error',
    });
  });
});
