import { EventHubProducerClient, type EventData, type EventDataBatch } from '@azure/event-hubs';
import { telemetryPartitionKey, type TelemetryRecord } from '../application/contracts/telemetry-records.js';
import type { TelemetrySink } from '../application/ports/telemetry-sink.js';
import type { MessagingConnection } from '../config/app-config.js';
import { credentialFor } from './azure-credential.js';
import { retryBudgets } from './retry-budgets.js';

/** The part of `EventHubProducerClient` the sink uses. */
export interface TelemetryProducer {
  createBatch(options: { partitionKey?: string }): Promise<EventDataBatch>;
  sendBatch(batch: EventDataBatch): Promise<void>;
  close(): Promise<void>;
}

export interface EventHubsTelemetrySinkOptions {
  readonly producer: TelemetryProducer;
  /** Records held at most; past it new records are dropped and counted, so a hub outage never grows memory. */
  readonly maxBufferedRecords?: number;
  /** How long a record may wait for others to share its batch. */
  readonly flushIntervalMs?: number;
  /** Told about records that could not be sent (the hub refused or was unreachable); never throws. */
  readonly onDropped?: (count: number, error: unknown) => void;
}

/**
 * Streams telemetry to Event Hubs in batches. `emit` only appends to a bounded buffer: it never waits on the network
 * and never throws, so telemetry can neither slow down nor fail an order. A flush groups the buffer by partition key
 * (the order id), so one order's records share a partition and keep their order; flushes never overlap, so a later
 * record is never sent before an earlier one.
 */
export class EventHubsTelemetrySink implements TelemetrySink {
  readonly #producer: TelemetryProducer;
  readonly #maxBuffered: number;
  readonly #flushIntervalMs: number;
  readonly #onDropped: (count: number, error: unknown) => void;
  #buffer: TelemetryRecord[] = [];
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> = Promise.resolve();
  #closed = false;
  #dropped = 0;

  constructor(options: EventHubsTelemetrySinkOptions) {
    this.#producer = options.producer;
    this.#maxBuffered = options.maxBufferedRecords ?? 10_000;
    this.#flushIntervalMs = options.flushIntervalMs ?? 200;
    this.#onDropped = options.onDropped ?? (() => {});
  }

  static connect(
    connection: MessagingConnection,
    eventHubName: string,
    options: Omit<EventHubsTelemetrySinkOptions, 'producer'> = {},
  ): EventHubsTelemetrySink {
    const clientOptions = { retryOptions: retryBudgets.amqp };
    const producer =
      connection.kind === 'connectionString'
        ? new EventHubProducerClient(connection.connectionString, eventHubName, clientOptions)
        : new EventHubProducerClient(
            connection.fullyQualifiedNamespace,
            eventHubName,
            credentialFor(connection.identity),
            clientOptions,
          );
    return new EventHubsTelemetrySink({ ...options, producer });
  }

  /** Records dropped so far because the buffer was full or the hub refused them. */
  get dropped(): number {
    return this.#dropped;
  }

  emit(record: TelemetryRecord): void {
    if (this.#closed || this.#buffer.length >= this.#maxBuffered) {
      this.#drop(
        1,
        new Error(this.#closed ? 'The telemetry sink is closed.' : 'The telemetry buffer is full.'),
      );
      return;
    }
    this.#buffer.push(record);
    this.#timer ??= setTimeout(() => void this.flush(), this.#flushIntervalMs);
  }

  /** Sends everything buffered so far; resolves when it has been sent or dropped, never rejects. */
  flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const records = this.#buffer;
    this.#buffer = [];
    this.#flushing = this.#flushing.then(() => this.#send(records));
    return this.#flushing;
  }

  /** Sends what is buffered, then closes the producer. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return this.#flushing;
    this.#closed = true;
    await this.flush();
    await this.#producer.close();
  }

  async #send(records: readonly TelemetryRecord[]): Promise<void> {
    for (const [partitionKey, group] of groupByPartitionKey(records)) {
      try {
        await this.#sendGroup(partitionKey, group);
      } catch (error) {
        this.#drop(group.length, error);
      }
    }
  }

  async #sendGroup(partitionKey: string | undefined, records: readonly TelemetryRecord[]): Promise<void> {
    const newBatch = (): Promise<EventDataBatch> =>
      this.#producer.createBatch(partitionKey === undefined ? {} : { partitionKey });
    let batch = await newBatch();
    for (const record of records) {
      const event: EventData = { body: record, contentType: 'application/json' };
      if (batch.tryAdd(event)) continue;
      if (batch.count > 0) await this.#producer.sendBatch(batch);
      batch = await newBatch();
      // A record too large for an empty batch can never be sent; it is dropped rather than block the rest.
      if (!batch.tryAdd(event)) this.#drop(1, new Error(`A ${record.type} record is larger than a batch.`));
    }
    if (batch.count > 0) await this.#producer.sendBatch(batch);
  }

  #drop(count: number, error: unknown): void {
    this.#dropped += count;
    try {
      this.#onDropped(count, error);
    } catch {
      // Reporting a lost metric must not fail anything either.
    }
  }
}

function groupByPartitionKey(
  records: readonly TelemetryRecord[],
): Map<string | undefined, TelemetryRecord[]> {
  const groups = new Map<string | undefined, TelemetryRecord[]>();
  for (const record of records) {
    const key = telemetryPartitionKey(record);
    const group = groups.get(key) ?? [];
    group.push(record);
    groups.set(key, group);
  }
  return groups;
}
