import assert from 'node:assert/strict';
import { isDomainError, type ErrorCode } from '../../shared/domain/domain-error.js';

/**
 * For `assert.rejects`: the error has `code` and its issues point at exactly `pointers`, whatever the wording of
 * each message (which belongs to the validator, not to the rule being tested).
 */
export function issuesAt(code: ErrorCode, pointers: readonly string[]): (error: unknown) => true {
  return (error) => {
    assert.ok(isDomainError(error, code), `expected a ${code} DomainError, got ${String(error)}`);
    assert.deepEqual(
      error.issues.map((issue) => issue.pointer),
      pointers,
    );
    return true;
  };
}
