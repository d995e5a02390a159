import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * Polls `probe` on each turn of the event loop until it returns a value other than undefined or false; fails after
 * the deadline. For state that settles once an HTTP exchange completes, without sleeping.
 */
export async function eventually<T>(
  probe: () => T | undefined | false,
  what: string,
  deadlineMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await nextTurn();
  }
}
