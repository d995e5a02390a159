import { randomUUID } from 'node:crypto';
import type { Clock, Timer } from '../../clock.js';
import type { EventSchema } from '../definitions.js';
import type { AcceptedEvent } from '../events.js';
import type { UndeliveredEvents, UndeliveredSink } from '../delivery/delivery-dispatcher.js';
import { inDeliverySchema } from '../delivery/delivery-payload.js';
import type { BlobWriter } from './blob-writer.js';

export interface DeadLetterView {
  topic: string;
  subscription: string;
  eventId: string;
  deadLetterReason: string;
  deliveryAttempts: number;
  lastDeliveryOutcome?: string;
  lastHttpStatusCode?: number;
  time: string;
  /** `dropped`: no dead-letter destination, as Azure drops such events. */
  state: 'waiting-to-write' | 'written' | 'dropped' | 'write-failed';
  blob?: string;
}

interface DeadLetterRecord extends DeadLetterView {
  entry: Readonly<Record<string, unknown>>;
}

interface PendingBlob {
  container: string;
  subscriptionName: string;
  records: DeadLetterRecord[];
  firstQueuedAt: number;
  timer?: Timer;
}

const minute = 60_000;
/** Azure waits 5 minutes between the last attempt and the dead-letter write, to batch blob operations. */
const writeDelay = 5 * minute;
/** An unreachable dead-letter location is retried for 4 hours, then the events are dropped. */
const giveUpAfter = 240 * minute;
const retryWriteEvery = minute;
/** The admin view keeps the most recent undeliverable events only. */
const keptRecords = 1000;

/**
 * Where undeliverable events go: a blob per subscription and write, in Event Grid's dead-letter format and path
 * (`<SUBSCRIPTION>/<yyyy>/<M>/<d>/<H>/<guid>.json`, a JSON array), or nowhere when the subscription has no
 * dead-letter destination. Waits scale with `retryTimeScale` like the retry schedule.
 */
export class DeadLetterStore implements UndeliveredSink {
  readonly #clock: Clock;
  readonly #writer: BlobWriter | undefined;
  readonly #timeScale: number;
  readonly #log: (line: string) => void;
  readonly #records: DeadLetterRecord[] = [];
  readonly #waiting = new Map<string, PendingBlob>();
  readonly #writes = new Set<AbortController>();
  #closed = false;

  constructor(options: {
    clock: Clock;
    writer?: BlobWriter;
    retryTimeScale: number;
    log: (line: string) => void;
  }) {
    this.#clock = options.clock;
    this.#writer = options.writer;
    this.#timeScale = options.retryTimeScale;
    this.#log = options.log;
  }

  accept(undelivered: UndeliveredEvents): void {
    const { subscription } = undelivered;
    const container = subscription.deadLetterContainer;
    const now = this.#clock.now();
    const records = undelivered.events.map((event): DeadLetterRecord => ({
      topic: undelivered.topicName,
      subscription: subscription.name,
      eventId: event.id,
      deadLetterReason: undelivered.deadLetterReason,
      deliveryAttempts: undelivered.deliveryAttempts,
      ...(undelivered.lastDeliveryOutcome !== undefined
        ? { lastDeliveryOutcome: undelivered.lastDeliveryOutcome }
        : {}),
      ...(undelivered.lastHttpStatusCode !== undefined
        ? { lastHttpStatusCode: undelivered.lastHttpStatusCode }
        : {}),
      time: new Date(now).toISOString(),
      state: container === undefined || !this.#writer ? 'dropped' : 'waiting-to-write',
      entry: deadLetterEntry(undelivered, subscription.eventDeliverySchema, event),
    }));
    this.#remember(records);
    this.#log(
      `event-grid: ${records.length} event(s) of ${undelivered.topicName}/${subscription.name} ` +
        `${container === undefined ? 'dropped' : 'dead-lettered'}: ${undelivered.deadLetterReason}`,
    );
    if (container === undefined || !this.#writer) return;

    const key = `${container}\n${subscription.name.toUpperCase()}`;
    const waiting = this.#waiting.get(key);
    if (waiting) {
      waiting.records.push(...records);
      return;
    }
    const pending: PendingBlob = {
      container,
      subscriptionName: subscription.name,
      records,
      firstQueuedAt: now,
    };
    this.#waiting.set(key, pending);
    pending.timer = this.#clock.setTimer(now + writeDelay / this.#timeScale, () => this.#write(key, pending));
  }

  list(): DeadLetterView[] {
    return this.#records.map(({ entry: _entry, ...view }) => view);
  }

  close(): void {
    this.#closed = true;
    for (const pending of this.#waiting.values()) pending.timer?.cancel();
    this.#waiting.clear();
    for (const write of this.#writes) write.abort();
  }

  #write(key: string, pending: PendingBlob): void {
    this.#waiting.delete(key);
    const writer = this.#writer;
    if (this.#closed || !writer) return;
    const now = new Date(this.#clock.now());
    const blobName =
      `${pending.subscriptionName.toUpperCase()}/${now.getUTCFullYear()}/${now.getUTCMonth() + 1}/` +
      `${now.getUTCDate()}/${now.getUTCHours()}/${randomUUID()}.json`;
    const body = JSON.stringify(pending.records.map((record) => record.entry));
    const controller = new AbortController();
    this.#writes.add(controller);
    writer
      .putBlockBlob(pending.container, blobName, body, controller.signal)
      .then(
        () => {
          for (const record of pending.records) {
            Object.assign(record, { state: 'written', blob: `${pending.container}/${blobName}` });
          }
        },
        (error: unknown) => this.#writeFailed(key, pending, error),
      )
      .finally(() => this.#writes.delete(controller));
  }

  #writeFailed(key: string, pending: PendingBlob, error: unknown): void {
    if (this.#closed) return;
    const now = this.#clock.now();
    if (now - pending.firstQueuedAt >= giveUpAfter / this.#timeScale) {
      for (const record of pending.records) record.state = 'write-failed';
      this.#log(`event-grid: dropping ${pending.records.length} dead-lettered event(s): ${String(error)}`);
      return;
    }
    this.#log(`event-grid: dead-letter write to ${pending.container} failed, will retry: ${String(error)}`);
    const waiting = this.#waiting.get(key);
    if (waiting) {
      // Events dead-lettered meanwhile join the retried write, keeping the earliest give-up deadline.
      waiting.records.unshift(...pending.records);
      waiting.firstQueuedAt = Math.min(waiting.firstQueuedAt, pending.firstQueuedAt);
      return;
    }
    this.#waiting.set(key, pending);
    pending.timer = this.#clock.setTimer(now + retryWriteEvery / this.#timeScale, () =>
      this.#write(key, pending),
    );
  }

  #remember(records: DeadLetterRecord[]): void {
    this.#records.push(...records);
    if (this.#records.length > keptRecords) this.#records.splice(0, this.#records.length - keptRecords);
  }
}

/**
 * The event in the subscription's delivery schema plus the dead-letter properties; CloudEvents spell them in lower
 * case, as attribute names must be.
 */
function deadLetterEntry(
  undelivered: UndeliveredEvents,
  schema: EventSchema,
  event: AcceptedEvent,
): Readonly<Record<string, unknown>> {
  const properties: Record<string, unknown> = {
    deadLetterReason: undelivered.deadLetterReason,
    deliveryAttempts: undelivered.deliveryAttempts,
    lastDeliveryOutcome: undelivered.lastDeliveryOutcome ?? 'None',
    ...(undelivered.lastHttpStatusCode !== undefined
      ? { lastHttpStatusCode: undelivered.lastHttpStatusCode }
      : {}),
    publishTime: new Date(event.publishTime).toISOString(),
    ...(undelivered.lastDeliveryAttemptTime !== undefined
      ? { lastDeliveryAttemptTime: new Date(undelivered.lastDeliveryAttemptTime).toISOString() }
      : {}),
  };
  const named =
    schema === 'CloudEventSchemaV1_0'
      ? Object.fromEntries(Object.entries(properties).map(([name, value]) => [name.toLowerCase(), value]))
      : properties;
  return { ...inDeliverySchema(event, schema), ...named };
}
