import type { z } from 'zod';
import { DomainError, type ValidationIssue } from '../../domain/domain-error.js';

export type ParseResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly issues: readonly ValidationIssue[] };

/** Validates a value that crossed an edge against its contract, with every problem located by a JSON Pointer. */
export function parseContract<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
): ParseResult<z.output<Schema>> {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    issues: result.error.issues.map((issue) => ({
      pointer: toJsonPointer(issue.path),
      message: issue.message,
    })),
  };
}

/** As `parseContract`, for callers whose answer to bad input is a `validation_failed` error. */
export function parseOrThrow<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  what: string,
): z.output<Schema> {
  const result = parseContract(schema, value);
  if (!result.ok) {
    throw new DomainError('validation_failed', `${what} is not valid.`, { issues: result.issues });
  }
  return result.value;
}

/** One line for a dead-letter description or a log: `/lines/0/quantity: Too small; /currency: Invalid option`. */
export function describeIssues(issues: readonly ValidationIssue[]): string {
  return issues.map((issue) => `${issue.pointer || '/'}: ${issue.message}`).join('; ');
}

function toJsonPointer(path: readonly PropertyKey[]): string {
  return path.map((segment) => `/${String(segment).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}
