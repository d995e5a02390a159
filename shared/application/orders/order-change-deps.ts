import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/id-generator.js';
import type { OrderStore } from '../ports/order-store.js';
import type { TelemetrySink } from '../ports/telemetry-sink.js';
import type { OutboxRelay } from '../outbox/outbox-relay.js';

/** What every use case that changes an order needs. */
export interface OrderChangeDeps {
  readonly orders: OrderStore;
  readonly relay: OutboxRelay;
  readonly telemetry: TelemetrySink;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** The queue the stock service answers ReserveStock on (the command's ReplyTo). */
  readonly stockReplyQueue: string;
}
