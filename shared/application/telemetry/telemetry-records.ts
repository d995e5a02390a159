import type { Order, OrderStatus } from '../../domain/order.js';
import type { OrderEvent } from '../../domain/order-events.js';
import { telemetryTypes } from '../contracts/message-types.js';
import type {
  OrderTransitionedV1,
  OutboxDispatchFailedV1,
  RequestCompletedV1,
  StockCommandHandledV1,
} from '../contracts/telemetry-records.js';

function orderTransitioned(event: OrderEvent, from: OrderStatus | null): OrderTransitionedV1 {
  const order: Order = event.order;
  return {
    type: telemetryTypes.orderTransitioned,
    time: order.updatedAt,
    orderId: order.id,
    from,
    to: order.status,
    currency: order.currency,
    totalMinor: order.totalMinor,
    sincePlacedMs: Math.max(0, Date.parse(order.updatedAt) - Date.parse(order.placedAt)),
  };
}

function requestCompleted(input: {
  readonly operation: string;
  readonly status: number;
  readonly durationMs: number;
  readonly at: number;
}): RequestCompletedV1 {
  return {
    type: telemetryTypes.requestCompleted,
    time: new Date(input.at).toISOString(),
    operation: input.operation,
    status: input.status,
    durationMs: Math.max(0, input.durationMs),
  };
}

function outboxDispatchFailed(input: {
  readonly orderId: string;
  readonly entryId?: string;
  readonly error: unknown;
  readonly at: number;
}): OutboxDispatchFailedV1 {
  return {
    type: telemetryTypes.outboxDispatchFailed,
    time: new Date(input.at).toISOString(),
    orderId: input.orderId,
    ...(input.entryId === undefined ? {} : { entryId: input.entryId }),
    error: describeError(input.error).slice(0, 1_000),
  };
}

function stockCommandHandled(input: {
  readonly orderId: string | undefined;
  readonly command: StockCommandHandledV1['command'];
  readonly outcome: string;
  readonly parked: boolean;
  readonly durationMs: number;
  readonly at: number;
}): StockCommandHandledV1 {
  return {
    type: telemetryTypes.stockCommandHandled,
    time: new Date(input.at).toISOString(),
    ...(input.orderId === undefined ? {} : { orderId: input.orderId }),
    command: input.command,
    outcome: input.outcome,
    parked: input.parked,
    durationMs: Math.max(0, input.durationMs),
  };
}

/** Builders of the telemetry records the application and its edges emit. */
export const telemetryRecords = {
  orderTransitioned,
  requestCompleted,
  outboxDispatchFailed,
  stockCommandHandled,
} as const;

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
