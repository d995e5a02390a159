import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from '../../shared/domain/domain-error.js';
import { apiRoutes, type ApiOperation } from '../../shared/http/api-routes.js';
import { HttpEdgeError } from '../../shared/http/http-edge-error.js';
import { problemResponse } from '../../shared/http/problem-response.js';

describe('problemResponse', () => {
  it('answers every code an operation declares with its RFC 9457 problem', () => {
    for (const operation of Object.keys(apiRoutes) as ApiOperation[]) {
      for (const code of apiRoutes[operation].problems) {
        const { response, problem } = problemResponse(operation, new HttpEdgeError(code, 'detail'));
        assert.equal(problem.code, code);
        assert.equal(response.status, problem.status);
        assert.equal(response.headers['content-type'], 'application/problem+json');
        assert.deepEqual(JSON.parse(response.body ?? ''), problem);
      }
    }
  });

  it('answers internal_error, revealing nothing, when the error is not ours', () => {
    const { problem } = problemResponse('getOrder', new Error('connection string leaked here'), {
      instance: '/api/orders/x',
    });
    assert.deepEqual(problem, {
      type: 'https://example.com/problems/internal-error',
      title: 'Something went wrong on our side',
      status: 500,
      instance: '/api/orders/x',
      code: 'internal_error',
    });
  });

  it('answers internal_error when a code is not one the operation declares, so no undocumented status leaks', () => {
    const { problem } = problemResponse(
      'getOrder',
      new DomainError('idempotency_conflict', 'unexpected here'),
    );
    assert.equal(problem.status, 500);
  });

  it('points at each invalid field with a JSON Pointer fragment', () => {
    const error = new DomainError('validation_failed', 'The order request is not valid.', {
      issues: [{ pointer: '/lines/0/quantity', message: 'Too small' }],
    });
    assert.deepEqual(problemResponse('placeOrder', error).problem.errors, [
      { pointer: '#/lines/0/quantity', detail: 'Too small' },
    ]);
  });
});
