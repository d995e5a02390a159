import type { Order } from '../../domain/order.js';
import type { OrderEvent } from '../../domain/order-events.js';
import { stockMessageTypes } from '../contracts/message-types.js';
import { messageIds } from '../messaging/message-ids.js';
import type { OutgoingCommand } from '../messaging/outgoing-command.js';
import type { TraceContext } from '../messaging/trace-context.js';
import { orderIntegrationEvent } from './order-integration-event.js';
import { outboxEntryId, type OutboxEntry, type OutboxMessage } from './outbox-entry.js';

export interface OrderOutboxOptions {
  readonly eventId: string;
  /** The queue the stock service answers ReserveStock on. */
  readonly stockReplyQueue: string;
  readonly trace?: TraceContext | undefined;
}

/**
 * Everything one order change publishes, in one place: always its integration event; on placement the command to
 * reserve stock, on cancellation the command to release it. Cancelling a pending order releases too: the
 * reservation may be under way, and the stock service remembers the release so a late reservation is refused.
 * Commands come first: they are the critical path to the order's next state, the event is a notice.
 */
export function orderOutboxEntries(event: OrderEvent, options: OrderOutboxOptions): OutboxEntry[] {
  const { order } = event;
  const messages: OutboxMessage[] = [];
  const command = commandFor(event, options);
  if (command !== undefined) messages.push({ kind: 'command', command });
  messages.push({
    kind: 'event',
    event: orderIntegrationEvent(event, { id: options.eventId, trace: options.trace }),
  });
  return messages.map((message, index) => ({
    orderId: order.id,
    entryId: outboxEntryId(order.version, index),
    createdAt: order.updatedAt,
    message,
  }));
}

function commandFor(event: OrderEvent, options: OrderOutboxOptions): OutgoingCommand | undefined {
  switch (event.type) {
    case 'OrderPlaced':
      return {
        type: stockMessageTypes.reserveStock,
        messageId: messageIds.reserveStock(event.order.id),
        body: { orderId: event.order.id, lines: stockLinesOf(event.order) },
        replyTo: options.stockReplyQueue,
        replyToSessionId: event.order.id,
        ...traceOf(options),
      };
    case 'OrderCancelled':
      return {
        type: stockMessageTypes.releaseStock,
        messageId: messageIds.releaseStock(event.order.id),
        body: { orderId: event.order.id },
        ...traceOf(options),
      };
    case 'OrderConfirmed':
    case 'OrderRejected':
      return undefined;
  }
}

function stockLinesOf(order: Order) {
  return order.lines.map((line) => ({ sku: line.sku, quantity: line.quantity }));
}

function traceOf(options: OrderOutboxOptions): { trace?: TraceContext } {
  return options.trace === undefined ? {} : { trace: options.trace };
}
