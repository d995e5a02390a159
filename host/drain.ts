/**
 * Waits for work still running when something stops, for at most `graceMs` of wall-clock time: a function that
 * never returns must not keep the host from closing. Resolves with the number of pieces of work left behind.
 */
export async function drain(work: Iterable<Promise<unknown>>, graceMs: number): Promise<number> {
  const pending = new Set([...work].map((piece) => piece.catch(() => undefined)));
  for (const piece of pending) void piece.then(() => pending.delete(piece));
  let timer: NodeJS.Timeout | undefined;
  const graceOver = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, graceMs);
    timer.unref();
  });
  await Promise.race([Promise.all(pending), graceOver]);
  clearTimeout(timer);
  return pending.size;
}

/** How long closing waits for running invocations: the host's own grace on shutdown is of the same order. */
export const shutdownGraceMs = 10_000;
