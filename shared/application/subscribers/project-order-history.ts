import { completed, deadLetter, type MessageDisposition } from '../messaging/message-disposition.js';
import type { OrderEventV1 } from '../contracts/order-events.js';
import type { OrderHistoryEntry, OrderHistoryStore } from '../ports/order-history-store.js';
import { retryOnConflict } from '../retry-on-conflict.js';
import { parseOrderEvent } from './parse-order-event.js';

export type OrderHistoryOutcome = 'applied' | 'unchanged' | 'skipped_other_type';

/**
 * Event Grid subscriber that keeps each customer's order history. Event Grid pushes at least once and in no set
 * order, so the order version inside the event decides: an event is applied only if it is newer than what the
 * entry shows. A redelivered event (same id, same version) changes nothing, and neither does a stale one that
 * arrives after a later event, which deduplicating by event id alone would let through.
 */
export async function projectOrderHistory(
  deps: { readonly history: OrderHistoryStore },
  input: { readonly event: unknown },
): Promise<MessageDisposition<OrderHistoryOutcome>> {
  const parsed = parseOrderEvent(input.event);
  if (parsed.kind === 'malformed') return deadLetter('malformed_message', parsed.description);
  if (parsed.kind === 'other_type') return completed('skipped_other_type');
  const { event } = parsed;
  const next = historyEntryOf(event);
  const key = { customerId: next.customerId, orderId: next.orderId };
  const storedVersion = async () => (await deps.history.get(key))?.orderVersion;
  // First without reading when this instance can tell: its own last version of the entry, or no entry yet for an
  // order's first event. A wrong guess loses the conditional write, and the retry reads.
  let firstAttempt = true;

  return retryOnConflict(async () => {
    const known = firstAttempt
      ? (deps.history.knownVersion(key) ?? (next.orderVersion === 1 ? undefined : await storedVersion()))
      : await storedVersion();
    firstAttempt = false;
    if (known !== undefined && known >= next.orderVersion) return completed('unchanged');
    await deps.history.put(next, { expectedOrderVersion: known });
    return completed('applied');
  });
}

function historyEntryOf(event: OrderEventV1): OrderHistoryEntry {
  const { data } = event;
  return {
    customerId: data.customerId,
    orderId: data.orderId,
    status: data.status,
    currency: data.currency,
    totalMinor: data.totalMinor,
    placedAt: data.placedAt,
    updatedAt: event.time,
    orderVersion: data.orderVersion,
    lastEventId: event.id,
  };
}
