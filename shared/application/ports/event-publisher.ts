import type { OrderEventV1 } from '../contracts/order-events.js';

/** Publishes domain events to their subscribers (Event Grid). At least once: subscribers deduplicate by event id. */
export interface EventPublisher {
  publish(event: OrderEventV1): Promise<void>;
}
