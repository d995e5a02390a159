import { DomainError } from '../../domain/domain-error.js';

/**
 * An `Idempotency-Key` as clients send it (a UUID is typical). The format is narrow on purpose: the key becomes a
 * storage key, so it excludes every character Table Storage forbids in keys.
 */
const idempotencyKeyPattern = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;

export function parseIdempotencyKey(value: string | undefined): string {
  if (value === undefined || value === '') {
    throw new DomainError('validation_failed', 'An Idempotency-Key is required to place an order.', {
      issues: [{ pointer: '/idempotencyKey', message: 'Required.' }],
    });
  }
  if (!idempotencyKeyPattern.test(value)) {
    throw new DomainError('validation_failed', 'The Idempotency-Key is not valid.', {
      issues: [
        {
          pointer: '/idempotencyKey',
          message: 'Letters, digits and `_ . : -`, at most 128 characters, starting with a letter or digit.',
        },
      ],
    });
  }
  return value;
}
