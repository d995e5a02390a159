/**
 * The closed set of failures the core reports. Each edge translates a code once: HTTP through the total map in
 * `shared/http/problem-details.ts`, message triggers by retrying or dead-lettering.
 */
export const errorCodes = [
  'validation_failed',
  'order_not_found',
  'invalid_transition',
  'precondition_failed',
  'idempotency_conflict',
  'concurrency_conflict',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

/** One rule a value broke, located by a JSON Pointer (RFC 6901) into the value that was checked. */
export interface ValidationIssue {
  readonly pointer: string;
  readonly message: string;
}

export interface DomainErrorOptions {
  readonly issues?: readonly ValidationIssue[];
  readonly cause?: unknown;
}

export class DomainError extends Error {
  override readonly name = 'DomainError';
  readonly code: ErrorCode;
  readonly issues: readonly ValidationIssue[];

  constructor(code: ErrorCode, message: string, options: DomainErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.code = code;
    this.issues = options.issues ?? [];
  }
}

export function isDomainError(error: unknown, code?: ErrorCode): error is DomainError {
  return error instanceof DomainError && (code === undefined || error.code === code);
}
