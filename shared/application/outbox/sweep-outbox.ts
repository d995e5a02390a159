import { dispatchOutbox, type DispatchFailure, type DispatchOutboxDeps } from './dispatch-outbox.js';

export interface SweepOutboxInput {
  /**
   * Entries younger than this are left to the relay of the use case that wrote them, which normally publishes
   * within milliseconds; the sweeper takes what is older.
   */
  readonly olderThanMs: number;
  /** At most this many entries are selected per run, so one run stays well inside a timer function's timeout. */
  readonly limit: number;
}

export interface SweepReport {
  readonly orders: number;
  readonly dispatched: number;
  readonly failures: readonly DispatchFailure[];
}

/**
 * The outbox's safety net, run on a timer: finds entries left pending (the process crashed after the commit, or
 * the broker was down) and dispatches their orders. One order's failure does not stop the others.
 */
export async function sweepOutbox(deps: DispatchOutboxDeps, input: SweepOutboxInput): Promise<SweepReport> {
  const createdBefore = new Date(deps.clock.now() - input.olderThanMs).toISOString();
  const stale = await deps.outbox.listPendingCreatedBefore({ createdBefore, limit: input.limit });
  // Dispatching by order, not by entry, keeps each order's entries in their written order.
  const orderIds = [...new Set(stale.map((entry) => entry.orderId))];
  const failures: DispatchFailure[] = [];
  let dispatched = 0;
  for (const orderId of orderIds) {
    try {
      const report = await dispatchOutbox(deps, { orderId });
      dispatched += report.dispatched;
      failures.push(...report.failures);
    } catch (error) {
      failures.push({ orderId, error });
    }
  }
  return { orders: orderIds.length, dispatched, failures };
}
