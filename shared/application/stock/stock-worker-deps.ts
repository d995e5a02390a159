import type { Clock } from '../ports/clock.js';
import type { ReplySender } from '../ports/reply-sender.js';
import type { StockStore } from '../ports/stock-store.js';
import type { TelemetrySink } from '../ports/telemetry-sink.js';

export interface StockWorkerDeps {
  readonly stock: StockStore;
  readonly replies: ReplySender;
  readonly clock: Clock;
  readonly telemetry: TelemetrySink;
  /**
   * The queues the worker answers on. A command's ReplyTo is the sender's to choose, but the worker writes only to
   * queues its callers own: a forged ReplyTo must not make it send into any queue its identity may write to.
   */
  readonly replyQueues: ReadonlySet<string>;
}
