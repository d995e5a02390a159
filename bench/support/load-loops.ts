import { setTimeout as sleep } from 'node:timers/promises';

/** Closed loop: `concurrency` workers each start the next operation when the last one ends. Returns ops/s. */
export async function runClosedLoop(options: {
  concurrency: number;
  durationMs: number;
  /** Resolves true when the operation succeeded; failures are counted, not retried. */
  operation: () => Promise<boolean>;
  onProgress?: (done: number) => void;
}): Promise<{ succeeded: number; failed: number; perSecond: number }> {
  let succeeded = 0;
  let failed = 0;
  const began = performance.now();
  const deadline = began + options.durationMs;
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (performance.now() < deadline) {
        const ok = await options.operation().catch(() => false);
        if (ok) succeeded++;
        else failed++;
        options.onProgress?.(succeeded + failed);
      }
    }),
  );
  const elapsed = performance.now() - began;
  return { succeeded, failed, perSecond: (succeeded / elapsed) * 1000 };
}

/**
 * Open loop at a fixed rate: operation i starts at its slot, `i / ratePerSecond` after the start, whether or not
 * earlier ones have finished, so a slow answer does not slow the sender down (no coordinated omission). Each
 * operation gets its slot time, to measure latency from when it should have started.
 */
export async function runOpenLoop<T>(options: {
  ratePerSecond: number;
  count: number;
  operation: (index: number, slotAt: number) => Promise<T>;
  onProgress?: (started: number) => void;
}): Promise<{ results: T[]; maxLagMs: number }> {
  const interval = 1000 / options.ratePerSecond;
  const began = performance.now();
  const running: Promise<T>[] = [];
  let maxLagMs = 0;
  for (let index = 0; index < options.count; index++) {
    const slotAt = began + index * interval;
    const wait = slotAt - performance.now();
    if (wait > 1) await sleep(wait);
    maxLagMs = Math.max(maxLagMs, performance.now() - slotAt);
    running.push(options.operation(index, slotAt));
    options.onProgress?.(index + 1);
  }
  return { results: await Promise.all(running), maxLagMs };
}
