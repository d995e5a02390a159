import { setTimeout as sleep } from 'node:timers/promises';
import type { Order } from '../domain/order.js';

export interface AwaitOrderOutcomeOptions {
  readonly initial: Order;
  /** Reads the order's current state. */
  readonly read: () => Promise<Order>;
  readonly waitMs: number;
  readonly now?: () => number;
  readonly delay?: (ms: number) => Promise<unknown>;
}

/**
 * Polls a pending order until it leaves `pending` or the wait is over, and returns the last state read. Polling
 * storage is what any instance can do: the reply that settles the order may be handled by another instance. The
 * interval starts short (a settled order usually takes milliseconds) and doubles up to half a second.
 */
export async function awaitOrderOutcome(options: AwaitOrderOutcomeOptions): Promise<Order> {
  const now = options.now ?? (() => Date.now());
  const delay = options.delay ?? ((ms: number) => sleep(ms));
  const deadline = now() + options.waitMs;
  let order = options.initial;
  let interval = 10;
  while (order.status === 'pending' && now() < deadline) {
    await delay(Math.min(interval, Math.max(0, deadline - now())));
    order = await options.read();
    interval = Math.min(interval * 2, 500);
  }
  return order;
}
