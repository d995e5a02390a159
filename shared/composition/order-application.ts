import type { Order } from '../domain/order.js';
import type { CancelOrderInput, CancelOrderResult } from '../application/orders/cancel-order.js';
import type { ListOrdersInput, ListOrdersResult } from '../application/orders/list-orders.js';
import type { PlaceOrderInput, PlaceOrderResult } from '../application/orders/place-order.js';
import type { StockReplyOutcome } from '../application/orders/apply-stock-reply.js';
import type { IncomingMessage } from '../application/messaging/incoming-message.js';
import type { SettledMessage } from '../application/messaging/park-if-dead-lettered.js';
import type { SweepReport } from '../application/outbox/sweep-outbox.js';
import type { MinuteBucket } from '../application/ports/metrics-store.js';
import type { OrderHistoryEntry } from '../application/ports/order-history-store.js';
import type { TraceContext } from '../application/messaging/trace-context.js';
import type { ReleaseStockOutcome } from '../application/stock/handle-release-stock.js';
import type { ReserveStockOutcome } from '../application/stock/handle-reserve-stock.js';
import type { NotifyCustomerOutcome } from '../application/subscribers/notify-customer.js';
import type { OrderHistoryOutcome } from '../application/subscribers/project-order-history.js';
import type {
  AggregateTelemetryInput,
  AggregateTelemetryResult,
} from '../application/telemetry/aggregate-telemetry.js';
import type { GetMinuteMetricsInput } from '../application/telemetry/get-minute-metrics.js';
import type { EntityNames } from '../config/app-config.js';

/** An Event Grid delivery as a subscriber sees it: the event, not yet trusted, and the trace it came with. */
export interface DeliveredEvent {
  readonly event: unknown;
  /** The event's id, when it has one: parked as the original message id, for tracing. */
  readonly id?: string | undefined;
  readonly trace?: TraceContext | undefined;
}

/**
 * Everything the function entry points can ask of the application, wired to its adapters. Each member is one use
 * case; message handlers also carry out the use case's disposition (docs/decisions/0002), so a function only has to
 * complete what returns and let the broker redeliver what throws.
 */
export interface OrderApplication {
  readonly entities: EntityNames;
  placeOrder(input: PlaceOrderInput): Promise<PlaceOrderResult>;
  getOrder(orderId: string): Promise<Order>;
  listOrders(input: ListOrdersInput): Promise<ListOrdersResult>;
  cancelOrder(input: CancelOrderInput): Promise<CancelOrderResult>;
  handleStockCommand(
    message: IncomingMessage,
  ): Promise<SettledMessage<ReserveStockOutcome | ReleaseStockOutcome>>;
  applyStockReply(message: IncomingMessage): Promise<SettledMessage<StockReplyOutcome>>;
  projectOrderHistory(delivery: DeliveredEvent): Promise<SettledMessage<OrderHistoryOutcome>>;
  notifyCustomer(delivery: DeliveredEvent): Promise<SettledMessage<NotifyCustomerOutcome>>;
  aggregateTelemetry(input: AggregateTelemetryInput): Promise<AggregateTelemetryResult>;
  getMinuteMetrics(input: GetMinuteMetricsInput): Promise<MinuteBucket[]>;
  getOrderHistory(customerId: string): Promise<readonly OrderHistoryEntry[]>;
  sweepOutbox(): Promise<SweepReport>;
  /** Streams one API request's outcome as telemetry; never fails. */
  recordRequest(request: {
    readonly operation: string;
    readonly status: number;
    readonly durationMs: number;
  }): void;
  /** Flushes telemetry and closes every client. Idempotent. */
  close(): Promise<void>;
}
