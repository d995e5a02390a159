import { isDomainError } from '../domain/domain-error.js';

/**
 * Runs a read-decide-write step again when a concurrent writer committed first (`concurrency_conflict`). The step
 * must re-read on every attempt: the retry decides anew on the newer state. Past the last attempt the conflict is
 * thrown, which message edges treat as transient (the broker redelivers).
 *
 * Between attempts it pauses a random time that doubles each attempt (up to 1, 2, 4, … ms): writers that collided
 * on a busy row (every order of a popular SKU takes from one stock row) would otherwise collide again at once, use
 * up their attempts together and leave their messages to redelivery, or to the dead-letter queue.
 */
export async function retryOnConflict<T>(
  step: () => Promise<T>,
  options: { attempts?: number } = {},
): Promise<T> {
  const attempts = options.attempts ?? 8;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await step();
    } catch (error) {
      if (attempt >= attempts || !isDomainError(error, 'concurrency_conflict')) throw error;
    }
    const pauseMs = Math.random() * 2 ** (attempt - 1);
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
}
