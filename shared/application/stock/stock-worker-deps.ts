import type { Clock } from '../ports/clock.js';
import type { ReplySender } from '../ports/reply-sender.js';
import type { StockStore } from '../ports/stock-store.js';
import type { TelemetrySink } from '../ports/telemetry-sink.js';

export interface StockWorkerDeps {
  readonly stock: StockStore;
  readonly replies: ReplySender;
  readonly clock: Clock;
  readonly telemetry: TelemetrySink;
}
