import { completed, deadLetter, type MessageDisposition } from '../messaging/message-disposition.js';
import { currentTimestamp, type Clock } from '../ports/clock.js';
import type { CustomerNotifier } from '../ports/customer-notifier.js';
import type { HandledEventStore } from '../ports/handled-event-store.js';
import { orderNotification } from './order-notification.js';
import { parseOrderEvent } from './parse-order-event.js';

export interface NotifyCustomerDeps {
  readonly notifier: CustomerNotifier;
  readonly handled: HandledEventStore;
  readonly clock: Clock;
}

export type NotifyCustomerOutcome = 'sent' | 'already_sent' | 'skipped_other_type';

const handler = 'notify-customer';

/**
 * Event Grid subscriber that tells the customer about each order event, once per event id. The id is recorded
 * after sending: a crash in between sends again on redelivery, so the notification carries the event id for a
 * provider that deduplicates to drop the repeat. Recording first would risk the opposite, a message never sent.
 */
export async function notifyCustomer(
  deps: NotifyCustomerDeps,
  input: { readonly event: unknown },
): Promise<MessageDisposition<NotifyCustomerOutcome>> {
  const parsed = parseOrderEvent(input.event);
  if (parsed.kind === 'malformed') return deadLetter('malformed_message', parsed.description);
  if (parsed.kind === 'other_type') return completed('skipped_other_type');
  const { event } = parsed;
  if (await deps.handled.has({ handler, eventId: event.id })) return completed('already_sent');
  await deps.notifier.send(orderNotification(event));
  await deps.handled.add({ handler, eventId: event.id, handledAt: currentTimestamp(deps.clock) });
  return completed('sent');
}
