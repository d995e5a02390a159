import { DomainError } from '../../domain/domain-error.js';

/** The HTTP status of a failed Table Storage call, if it got that far. */
export function tableStatusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const status = (error as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' ? status : undefined;
}

/**
 * A conditional write that lost its race: the entity exists (409), its ETag moved (412) or it is gone (404). The
 * core knows this as `concurrency_conflict`; anything else is rethrown as is, a transient failure.
 */
export function asConcurrencyConflict(error: unknown, what: string): unknown {
  const status = tableStatusOf(error);
  if (status === 404 || status === 409 || status === 412) {
    return new DomainError('concurrency_conflict', `${what} was changed by another writer.`, {
      cause: error,
    });
  }
  return error;
}

/** Runs a conditional write, translating a lost race into `concurrency_conflict`. */
export async function conditionally<T>(what: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    throw asConcurrencyConflict(error, what);
  }
}

/** A read that treats 404 as "no such entity". */
export async function readOrUndefined<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (tableStatusOf(error) === 404) return undefined;
    throw error;
  }
}
