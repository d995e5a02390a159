import { isDomainError } from '../domain/domain-error.js';

/**
 * Runs a read-decide-write step again when a concurrent writer committed first (`concurrency_conflict`). The step
 * must re-read on every attempt: the retry decides anew on the newer state. Past the last attempt the conflict is
 * thrown, which message edges treat as transient (the broker redelivers).
 */
export async function retryOnConflict<T>(
  step: () => Promise<T>,
  options: { attempts?: number } = {},
): Promise<T> {
  const attempts = options.attempts ?? 5;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await step();
    } catch (error) {
      if (attempt >= attempts || !isDomainError(error, 'concurrency_conflict')) throw error;
    }
  }
}
