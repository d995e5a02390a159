import { createOutboxRelay } from '../application/outbox/outbox-relay.js';
import { sweepOutbox } from '../application/outbox/sweep-outbox.js';
import { applyStockReply } from '../application/orders/apply-stock-reply.js';
import { cancelOrder } from '../application/orders/cancel-order.js';
import { getOrder } from '../application/orders/get-order.js';
import { listOrders } from '../application/orders/list-orders.js';
import { placeOrder } from '../application/orders/place-order.js';
import type { IncomingMessage } from '../application/messaging/incoming-message.js';
import type { MessageDisposition } from '../application/messaging/message-disposition.js';
import { parkIfDeadLettered } from '../application/messaging/park-if-dead-lettered.js';
import type { Clock } from '../application/ports/clock.js';
import type { IdGenerator } from '../application/ports/id-generator.js';
import { handleStockCommand } from '../application/stock/handle-stock-command.js';
import { notifyCustomer } from '../application/subscribers/notify-customer.js';
import { projectOrderHistory } from '../application/subscribers/project-order-history.js';
import { aggregateTelemetry } from '../application/telemetry/aggregate-telemetry.js';
import { getMinuteMetrics } from '../application/telemetry/get-minute-metrics.js';
import { getOrderHistory } from '../application/subscribers/get-order-history.js';
import { telemetryRecords } from '../application/telemetry/telemetry-records.js';
import { startMonitoring } from '../adapters/application-insights-monitoring.js';
import { EventGridEventPublisher } from '../adapters/event-grid-event-publisher.js';
import { EventHubsTelemetrySink } from '../adapters/event-hubs-telemetry-sink.js';
import { ServiceBusCommandSender } from '../adapters/service-bus-command-sender.js';
import { ServiceBusInvalidMessageSink } from '../adapters/service-bus-invalid-message-sink.js';
import { ServiceBusReplySender } from '../adapters/service-bus-reply-sender.js';
import { ServiceBusSenders } from '../adapters/service-bus/service-bus-senders.js';
import { systemClock } from '../adapters/system-clock.js';
import { tableClientFactory } from '../adapters/table-storage/table-client-factory.js';
import { TableStorageCustomerNotifier } from '../adapters/table-storage-customer-notifier.js';
import { TableStorageHandledEventStore } from '../adapters/table-storage-handled-event-store.js';
import { TableStorageIdempotencyStore } from '../adapters/table-storage-idempotency-store.js';
import { TableStorageMetricsStore } from '../adapters/table-storage-metrics-store.js';
import { TableStorageOrderHistoryStore } from '../adapters/table-storage-order-history-store.js';
import { TableStorageOrderStore } from '../adapters/table-storage-order-store.js';
import { TableStorageStockStore } from '../adapters/table-storage-stock-store.js';
import { uuidV7IdGenerator } from '../adapters/uuid-v7-id-generator.js';
import type { AppConfig } from '../config/app-config.js';
import type { DeliveredEvent, OrderApplication } from './order-application.js';
import { orderApplicationSettings } from './order-application-settings.js';
import { tableNames } from './table-names.js';
import { throttledLog } from './throttled-log.js';

export interface CreateOrderApplicationOptions {
  /** Default: the system clock. */
  readonly clock?: Clock;
  /** Default: UUIDv7. */
  readonly ids?: IdGenerator;
  /** Where the application reports what no invocation is there to log (lost telemetry). Default: console. */
  readonly log?: (line: string) => void;
}

/**
 * The application's one composition root: configuration in, adapters built once, use cases wired to them. An
 * instance creates it once (see `application-instance.ts`) and keeps its clients for its whole life. Tables are
 * created and the stock catalogue seeded here, idempotently, so a fresh storage account (or Azurite) just works.
 */
export async function createOrderApplication(
  config: AppConfig,
  options: CreateOrderApplicationOptions = {},
): Promise<OrderApplication> {
  const clock = options.clock ?? systemClock;
  const ids = options.ids ?? uuidV7IdGenerator;
  const log = options.log ?? ((line: string) => console.warn(line));
  const { entities } = config;

  const table = tableClientFactory(config.storage);
  const tables = Object.fromEntries(
    Object.entries(tableNames).map(([role, name]) => [role, table(name)]),
  ) as { [Role in keyof typeof tableNames]: ReturnType<typeof table> };
  await Promise.all(Object.values(tables).map((client) => client.createTable()));

  const orders = new TableStorageOrderStore(tables.orders);
  const stock = new TableStorageStockStore(tables.stock);
  await Promise.all(Object.entries(config.stockSeed).map(([sku, units]) => stock.seedIfAbsent(sku, units)));

  // Opened only once storage answered, so a start that fails there (and is retried) leaves nothing running.
  const monitoring = await startMonitoring(config.monitoring);

  const senders = ServiceBusSenders.connect(config.serviceBus);
  const invalidMessages = new ServiceBusInvalidMessageSink(senders, entities.invalidMessagesQueue);
  const telemetry = EventHubsTelemetrySink.connect(config.eventHubs, entities.telemetryHub, {
    onDropped: throttledLog(log, (count, error) => `Telemetry lost (${count} record(s)): ${String(error)}`),
  });
  const dispatch = {
    outbox: orders,
    events: EventGridEventPublisher.connect(config.eventGrid),
    commands: new ServiceBusCommandSender(senders, { stockCommands: entities.stockCommandsQueue }),
    clock,
  };
  const orderDeps = {
    orders,
    relay: createOutboxRelay({ ...dispatch, telemetry }),
    telemetry,
    clock,
    ids,
    stockReplyQueue: entities.stockRepliesQueue,
    idempotency: new TableStorageIdempotencyStore(tables.idempotency),
    cancellationPolicy: orderApplicationSettings.cancellationPolicy,
  };
  const worker = {
    stock,
    replies: new ServiceBusReplySender(senders),
    clock,
    telemetry,
    replyQueues: new Set([entities.stockRepliesQueue]),
  };
  const history = new TableStorageOrderHistoryStore(tables.orderHistory);
  const subscriberDeps = {
    notifier: new TableStorageCustomerNotifier(tables.notifications),
    handled: new TableStorageHandledEventStore(tables.handledEvents),
    clock,
  };
  const metrics = new TableStorageMetricsStore(tables.metrics);

  const settle = async <Outcome extends string>(
    source: string,
    message: IncomingMessage,
    disposition: Promise<MessageDisposition<Outcome>>,
  ) => parkIfDeadLettered({ invalidMessages }, { source, message, disposition: await disposition });
  const asMessage = (delivery: DeliveredEvent): IncomingMessage => ({
    body: delivery.event,
    messageId: delivery.id,
    trace: delivery.trace,
  });

  let closing: Promise<void> | undefined;
  return {
    entities,
    placeOrder: (input) => placeOrder(orderDeps, input),
    getOrder: (orderId) => getOrder(orderDeps, { orderId }),
    listOrders: (input) => listOrders(orderDeps, input),
    cancelOrder: (input) => cancelOrder(orderDeps, input),
    handleStockCommand: (message) =>
      settle(entities.stockCommandsQueue, message, handleStockCommand(worker, message)),
    applyStockReply: (message) =>
      settle(entities.stockRepliesQueue, message, applyStockReply(orderDeps, message)),
    projectOrderHistory: (delivery) =>
      settle(
        'event-grid/projectOrderHistory',
        asMessage(delivery),
        projectOrderHistory({ history }, delivery),
      ),
    notifyCustomer: (delivery) =>
      settle('event-grid/notifyCustomer', asMessage(delivery), notifyCustomer(subscriberDeps, delivery)),
    aggregateTelemetry: (input) => aggregateTelemetry({ metrics }, input),
    getMinuteMetrics: (input) => getMinuteMetrics({ metrics, clock }, input),
    getOrderHistory: (customerId) => getOrderHistory({ history }, { customerId }),
    sweepOutbox: () =>
      sweepOutbox(dispatch, {
        olderThanMs: orderApplicationSettings.outbox.sweepOlderThanMs,
        limit: orderApplicationSettings.outbox.sweepLimit,
      }),
    recordRequest: (request) =>
      telemetry.emit(telemetryRecords.requestCompleted({ ...request, at: clock.now() })),
    close() {
      closing ??= (async () => {
        await telemetry.close();
        await senders.close();
        await monitoring.close();
      })();
      return closing;
    },
  };
}
