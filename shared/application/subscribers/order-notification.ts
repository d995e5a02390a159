import { formatMoney } from '../../domain/money.js';
import type { OrderEventV1 } from '../contracts/order-events.js';
import { orderEventTypes } from '../contracts/message-types.js';
import type { CustomerNotification } from '../ports/customer-notifier.js';

/** What the customer is told about an order event. The notification id is the event id: one event, one message. */
export function orderNotification(event: OrderEventV1): CustomerNotification {
  const { data } = event;
  const total = formatMoney(data.totalMinor, data.currency);
  const base = { notificationId: event.id, customerId: data.customerId, orderId: data.orderId };
  switch (event.type) {
    case orderEventTypes.placed:
      return {
        ...base,
        subject: `We received your order ${data.orderId}`,
        body: `Total ${total}. We are checking stock and will confirm shortly.`,
      };
    case orderEventTypes.confirmed:
      return { ...base, subject: `Order ${data.orderId} is confirmed`, body: `Total ${total}.` };
    case orderEventTypes.rejected:
      return {
        ...base,
        subject: `Order ${data.orderId} could not be accepted`,
        body:
          event.data.reason === 'insufficient_stock'
            ? `Not enough stock of ${event.data.unavailableSkus.join(', ')}. You have not been charged.`
            : 'Its stock had already been released. You have not been charged.',
      };
    case orderEventTypes.cancelled:
      return {
        ...base,
        subject: `Order ${data.orderId} is cancelled`,
        body: `As you asked. Nothing of the ${total} will be charged.`,
      };
  }
}
