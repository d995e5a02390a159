import { ManualClock } from '../../emulator/clock.js';
import { defaultCancellationPolicy } from '../../shared/domain/cancellation-policy.js';
import type { DispatchOutboxDeps } from '../../shared/application/outbox/dispatch-outbox.js';
import { createOutboxRelay } from '../../shared/application/outbox/outbox-relay.js';
import type { CancelOrderDeps } from '../../shared/application/orders/cancel-order.js';
import type { PlaceOrderDeps } from '../../shared/application/orders/place-order.js';
import type { StockWorkerDeps } from '../../shared/application/stock/stock-worker-deps.js';
import { InMemoryIdempotencyStore } from './in-memory-idempotency-store.js';
import { InMemoryOrderStore } from './in-memory-order-store.js';
import { InMemoryStockStore } from './in-memory-stock-store.js';
import {
  RecordingCommandSender,
  RecordingEventPublisher,
  RecordingReplySender,
  RecordingTelemetrySink,
} from './recording-ports.js';
import { SequentialIds } from './sequential-ids.js';

export const testStart = '2025-03-01T10:00:00.000Z';

export const stockReplyQueue = 'stock-replies';

export interface OrderTestHarnessOptions {
  /** Units per SKU the stock service starts with. Default: 10 of SKU-1, 5 of SKU-2. */
  readonly stock?: Record<string, number>;
}

/** The order application and the stock worker wired to in-memory ports, on a clock that moves only when told. */
export function createOrderTestHarness(options: OrderTestHarnessOptions = {}) {
  const clock = new ManualClock(Date.parse(testStart));
  const orders = new InMemoryOrderStore();
  const idempotency = new InMemoryIdempotencyStore();
  const events = new RecordingEventPublisher();
  const commands = new RecordingCommandSender();
  const replies = new RecordingReplySender();
  const telemetry = new RecordingTelemetrySink();
  const stock = new InMemoryStockStore(options.stock ?? { 'SKU-1': 10, 'SKU-2': 5 });
  const dispatch: DispatchOutboxDeps = { outbox: orders, events, commands, clock };
  const deps: PlaceOrderDeps & CancelOrderDeps = {
    orders,
    idempotency,
    relay: createOutboxRelay({ ...dispatch, telemetry }),
    telemetry,
    clock,
    ids: new SequentialIds('id'),
    stockReplyQueue,
    cancellationPolicy: defaultCancellationPolicy,
  };
  const worker: StockWorkerDeps = {
    stock,
    replies,
    clock,
    telemetry,
    replyQueues: new Set([stockReplyQueue]),
  };
  return { clock, orders, idempotency, events, commands, replies, telemetry, stock, dispatch, deps, worker };
}

export type OrderTestHarness = ReturnType<typeof createOrderTestHarness>;
