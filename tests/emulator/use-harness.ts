import { after, before } from 'node:test';

/**
 * Starts a harness before the enclosing `describe` block's tests and closes it after them, the set-up every emulator
 * suite shares. What it returns stands for the running harness: use its members in tests and hooks, not while the
 * block is being declared (the harness starts later, in `before`).
 */
export function useHarness<Harness extends { close(): Promise<void> }>(
  start: () => Promise<Harness>,
): Harness {
  let running: Harness | undefined;
  before(async () => {
    running = await start();
  });
  after(() => running?.close());
  return new Proxy({} as Harness, {
    get(_target, property) {
      if (running === undefined)
        throw new Error('The harness starts in before(): use it inside tests and hooks.');
      const value: unknown = Reflect.get(running, property);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(running) : value;
    },
  });
}
