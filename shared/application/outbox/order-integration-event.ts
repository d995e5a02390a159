import type { Order } from '../../domain/order.js';
import type { OrderEvent } from '../../domain/order-events.js';
import { orderEventSource, orderEventSubject } from '../contracts/cloud-event.js';
import { orderEventTypes } from '../contracts/message-types.js';
import type { OrderEventV1 } from '../contracts/order-events.js';
import type { TraceContext } from '../messaging/trace-context.js';

export interface IntegrationEventOptions {
  readonly id: string;
  readonly trace?: TraceContext | undefined;
}

/**
 * Maps a domain event to the CloudEvent other services see. The published contract is deliberately separate from
 * the domain model: the model can be refactored freely, and the contract changes only by a new versioned type.
 */
export function orderIntegrationEvent(event: OrderEvent, options: IntegrationEventOptions): OrderEventV1 {
  const { order } = event;
  const envelope = {
    specversion: '1.0' as const,
    id: options.id,
    source: orderEventSource,
    subject: orderEventSubject(order.id),
    time: order.updatedAt,
    datacontenttype: 'application/json' as const,
    ...traceAttributes(options.trace),
  };
  switch (event.type) {
    case 'OrderPlaced':
      return {
        ...envelope,
        type: orderEventTypes.placed,
        data: { ...summaryOf(order), status: 'pending', lines: order.lines.map((line) => ({ ...line })) },
      };
    case 'OrderConfirmed':
      return {
        ...envelope,
        type: orderEventTypes.confirmed,
        data: { ...summaryOf(order), status: 'confirmed', confirmedAt: event.order.confirmedAt },
      };
    case 'OrderRejected':
      return {
        ...envelope,
        type: orderEventTypes.rejected,
        data: {
          ...summaryOf(order),
          status: 'rejected',
          rejectedAt: event.order.rejectedAt,
          reason: event.order.rejection.reason,
          unavailableSkus: [...event.order.rejection.unavailableSkus],
        },
      };
    case 'OrderCancelled':
      return {
        ...envelope,
        type: orderEventTypes.cancelled,
        data: {
          ...summaryOf(order),
          status: 'cancelled',
          cancelledAt: event.order.cancelledAt,
          cancelledFrom: event.order.cancellation.from,
          ...(event.order.cancellation.reason === undefined
            ? {}
            : { reason: event.order.cancellation.reason }),
        },
      };
  }
}

function summaryOf(order: Order) {
  return {
    orderId: order.id,
    customerId: order.customerId,
    orderVersion: order.version,
    currency: order.currency,
    totalMinor: order.totalMinor,
    placedAt: order.placedAt,
  };
}

function traceAttributes(trace: TraceContext | undefined): { traceparent?: string; tracestate?: string } {
  if (trace === undefined) return {};
  return {
    traceparent: trace.traceparent,
    ...(trace.tracestate === undefined ? {} : { tracestate: trace.tracestate }),
  };
}
