import { type EventEmitter, on } from 'node:events';

/**
 * The first `count` payloads of `name` events that match, from the moment of the call; rejects after `timeoutMs`.
 * Call it before the action that causes the events, and await it after.
 */
export async function nextEvents<T>(
  emitter: EventEmitter,
  name: string,
  count: number,
  matches: (payload: T) => boolean = () => true,
  timeoutMs = 10_000,
): Promise<T[]> {
  const found: T[] = [];
  if (count === 0) return found;
  for await (const [payload] of on(emitter, name, { signal: AbortSignal.timeout(timeoutMs) })) {
    if (matches(payload as T)) found.push(payload as T);
    if (found.length === count) return found;
  }
  return found;
}

export async function nextEvent<T>(
  emitter: EventEmitter,
  name: string,
  matches: (payload: T) => boolean = () => true,
  timeoutMs = 10_000,
): Promise<T> {
  const [payload] = await nextEvents(emitter, name, 1, matches, timeoutMs);
  return payload!;
}

/** Polls `condition` until it holds, failing after `timeoutMs`; for state that has no event to await. */
export async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
