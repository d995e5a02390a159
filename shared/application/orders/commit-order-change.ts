import type { Order } from '../../domain/order.js';
import type { OrderEvent } from '../../domain/order-events.js';
import type { TraceContext } from '../messaging/trace-context.js';
import { orderOutboxEntries } from '../outbox/order-outbox-entries.js';
import { telemetryRecords } from '../telemetry/telemetry-records.js';
import type { OrderChangeDeps } from './order-change-deps.js';

export interface OrderChange {
  readonly event: OrderEvent;
  /** The order as read before the change; absent for a new order. Its version is the write's precondition. */
  readonly previous?: Order;
  readonly trace?: TraceContext | undefined;
}

/**
 * Commits an order change together with everything it publishes (one atomic write: no dual write), then relays the
 * outbox at once. Throws `concurrency_conflict` if another writer changed the order since `previous` was read.
 */
export async function commitOrderChange(deps: OrderChangeDeps, change: OrderChange): Promise<void> {
  const { order } = change.event;
  const outbox = orderOutboxEntries(change.event, {
    eventId: deps.ids.newId(),
    stockReplyQueue: deps.stockReplyQueue,
    trace: change.trace,
  });
  if (change.previous === undefined) await deps.orders.insert({ order, outbox });
  else await deps.orders.update({ order, expectedVersion: change.previous.version, outbox });
  deps.telemetry.emit(telemetryRecords.orderTransitioned(change.event, change.previous?.status ?? null));
  // A new order has no entries but these, so nothing needs reading back; after an update, entries an earlier change
  // left behind must go first: the store knows them, or they are read.
  await (change.previous === undefined ? deps.relay.relay(order.id, outbox) : deps.relay.relay(order.id));
}
