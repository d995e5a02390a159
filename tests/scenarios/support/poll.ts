import { setTimeout as pause } from 'node:timers/promises';

/**
 * Reads until `done` holds or the deadline passes, then returns the last value read (the caller asserts on it, so a
 * miss fails with the state in the diff). For state that changes without an event the test can await.
 */
export async function pollUntil<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  options: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await pause(options.intervalMs ?? 25);
    value = await read();
  }
  return value;
}
