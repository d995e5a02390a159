import type { Clock, Timer } from '../../clock.js';
import type { SubscriptionDefinition } from '../definitions.js';
import type { AcceptedEvent } from '../events.js';
import type { DeliveryPayload } from './delivery-payload.js';
import { deliveryRequest, type OutgoingRequest } from './delivery-request.js';
import {
  deliveryOutcome,
  judgeAttempt,
  scheduledRetryDelay,
  undeliverableReason,
  type AttemptResult,
} from './retry-policy.js';

/** Where one subscription's deliveries go. */
export interface DeliveryTarget {
  topicName: string;
  subscription: SubscriptionDefinition;
  url: string;
}

export type SendDelivery = (request: OutgoingRequest, signal: AbortSignal) => Promise<AttemptResult>;

/** Events Event Grid gave up on, with the facts a dead-letter record carries. */
export interface UndeliveredEvents {
  topicName: string;
  subscription: SubscriptionDefinition;
  events: AcceptedEvent[];
  deadLetterReason: string;
  deliveryAttempts: number;
  lastDeliveryOutcome?: string;
  lastHttpStatusCode?: number;
  lastDeliveryAttemptTime?: number;
}

export interface UndeliveredSink {
  accept(undelivered: UndeliveredEvents): void;
}

export interface PendingDeliveryView {
  id: number;
  topic: string;
  subscription: string;
  eventIds: string[];
  attempts: number;
  state: 'in-flight' | 'waiting-to-retry' | 'waiting-for-expiry';
  nextAttemptTime?: string;
  expiryTime: string;
  lastDeliveryOutcome?: string;
  lastHttpStatusCode?: number;
}

interface PendingDelivery {
  id: number;
  target: DeliveryTarget;
  payload: DeliveryPayload;
  attempts: number;
  expiresAt: number;
  nextAttemptAt?: number;
  timer?: Timer;
  inFlight?: AbortController;
  last?: { at: number; outcome: string; status?: number };
}

/**
 * Event Grid's delivery rules, free of HTTP: the first attempt at once, retries on the documented schedule, and a
 * dead-letter (or drop) when the retry policy runs out or a status says retrying is pointless. Every wait is a
 * clock timer, divided by `retryTimeScale` (the event TTL too, so which limit strikes first does not change).
 * At least once and unordered, like the service: a batch whose answer is lost is simply sent again.
 */
export class DeliveryDispatcher {
  readonly #clock: Clock;
  readonly #send: SendDelivery;
  readonly #undelivered: UndeliveredSink;
  readonly #timeScale: number;
  readonly #log: (line: string) => void;
  readonly #pending = new Map<number, PendingDelivery>();
  #nextId = 1;
  #closed = false;

  constructor(options: {
    clock: Clock;
    send: SendDelivery;
    undelivered: UndeliveredSink;
    retryTimeScale: number;
    log: (line: string) => void;
  }) {
    this.#clock = options.clock;
    this.#send = options.send;
    this.#undelivered = options.undelivered;
    this.#timeScale = options.retryTimeScale;
    this.#log = options.log;
  }

  dispatch(target: DeliveryTarget, payload: DeliveryPayload): void {
    if (this.#closed) return;
    const publishTime = Math.min(...payload.events.map((event) => event.publishTime));
    const timeToLive = (target.subscription.eventTimeToLiveInMinutes * 60_000) / this.#timeScale;
    const delivery: PendingDelivery = {
      id: this.#nextId++,
      target,
      payload,
      attempts: 0,
      expiresAt: publishTime + timeToLive,
    };
    this.#pending.set(delivery.id, delivery);
    this.#attempt(delivery);
  }

  pending(): PendingDeliveryView[] {
    return [...this.#pending.values()].map((delivery) => ({
      id: delivery.id,
      topic: delivery.target.topicName,
      subscription: delivery.target.subscription.name,
      eventIds: delivery.payload.events.map((event) => event.id),
      attempts: delivery.attempts,
      state: delivery.inFlight
        ? 'in-flight'
        : delivery.nextAttemptAt !== undefined
          ? 'waiting-to-retry'
          : 'waiting-for-expiry',
      ...(delivery.nextAttemptAt !== undefined
        ? { nextAttemptTime: new Date(delivery.nextAttemptAt).toISOString() }
        : {}),
      expiryTime: new Date(delivery.expiresAt).toISOString(),
      ...(delivery.last ? { lastDeliveryOutcome: delivery.last.outcome } : {}),
      ...(delivery.last?.status !== undefined ? { lastHttpStatusCode: delivery.last.status } : {}),
    }));
  }

  /** Cancels every retry and aborts every request in flight; nothing is dead-lettered on the way out. */
  close(): void {
    this.#closed = true;
    for (const delivery of this.#pending.values()) {
      delivery.timer?.cancel();
      delivery.inFlight?.abort();
    }
    this.#pending.clear();
  }

  #attempt(delivery: PendingDelivery): void {
    delivery.timer = undefined;
    delivery.nextAttemptAt = undefined;
    if (this.#clock.now() >= delivery.expiresAt) {
      this.#giveUp(delivery, 'TimeToLiveExceeded');
      return;
    }
    const request = deliveryRequest({
      subscription: delivery.target.subscription,
      url: delivery.target.url,
      payload: delivery.payload,
      previousAttempts: delivery.attempts,
    });
    delivery.attempts += 1;
    const controller = new AbortController();
    delivery.inFlight = controller;
    this.#send(request, controller.signal).then(
      (result) => this.#settle(delivery, result),
      (error: unknown) => this.#settle(delivery, { kind: 'connection-failed', message: String(error) }),
    );
  }

  #settle(delivery: PendingDelivery, result: AttemptResult): void {
    delivery.inFlight = undefined;
    if (this.#closed) return;
    const now = this.#clock.now();
    delivery.last = {
      at: now,
      outcome: deliveryOutcome(result),
      ...(result.kind === 'response' ? { status: result.status } : {}),
    };
    const subscription = delivery.target.subscription;
    const verdict = judgeAttempt(result, subscription.destination.endpointType);
    if (verdict.kind === 'delivered') {
      this.#pending.delete(delivery.id);
      return;
    }
    this.#log(
      `event-grid: delivery ${delivery.id} to ${delivery.target.topicName}/${subscription.name} attempt ${delivery.attempts} failed: ${describe(result)}`,
    );
    if (verdict.kind === 'undeliverable' && result.kind === 'response') {
      this.#giveUp(delivery, undeliverableReason(result.status));
      return;
    }
    if (delivery.attempts >= subscription.maxDeliveryAttempts) {
      this.#giveUp(delivery, 'MaxDeliveryAttemptsExceeded');
      return;
    }
    const wait = Math.max(
      scheduledRetryDelay(delivery.attempts),
      verdict.kind === 'retry' ? verdict.minimumDelayMs : 0,
    );
    const nextAttemptAt = now + wait / this.#timeScale;
    if (nextAttemptAt >= delivery.expiresAt) {
      // The event would outlive its time-to-live before the next attempt: it stays queued until it expires.
      delivery.timer = this.#clock.setTimer(delivery.expiresAt, () =>
        this.#giveUp(delivery, 'TimeToLiveExceeded'),
      );
      return;
    }
    delivery.nextAttemptAt = nextAttemptAt;
    delivery.timer = this.#clock.setTimer(nextAttemptAt, () => this.#attempt(delivery));
  }

  #giveUp(delivery: PendingDelivery, deadLetterReason: string): void {
    if (!this.#pending.delete(delivery.id)) return;
    delivery.timer?.cancel();
    const { last } = delivery;
    this.#undelivered.accept({
      topicName: delivery.target.topicName,
      subscription: delivery.target.subscription,
      events: delivery.payload.events,
      deadLetterReason,
      deliveryAttempts: delivery.attempts,
      ...(last ? { lastDeliveryOutcome: last.outcome, lastDeliveryAttemptTime: last.at } : {}),
      ...(last?.status !== undefined ? { lastHttpStatusCode: last.status } : {}),
    });
  }
}

function describe(result: AttemptResult): string {
  if (result.kind === 'response') return `HTTP ${result.status}`;
  if (result.kind === 'timeout') return 'no response within 30 s';
  return result.message;
}
