/**
 * Anything thrown, as an Error, with the worker's rule (`ensureErrorType`): errors as they are, strings as the
 * message, other values as their JSON.
 */
export function toError(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  if (thrown === undefined || thrown === null) return new Error('Unknown error');
  if (typeof thrown === 'string') return new Error(thrown);
  if (typeof thrown === 'number' || typeof thrown === 'boolean' || typeof thrown === 'bigint') {
    return new Error(thrown.toString());
  }
  return new Error(JSON.stringify(thrown) ?? typeof thrown);
}
