import type {
  EventHubConsumerClient,
  EventPosition,
  LastEnqueuedEventProperties,
  PartitionContext,
  ReceivedEventData,
  SubscribeOptions,
} from '@azure/event-hubs';
import type { EventHubsHarness } from './harness.js';
import { eventually } from '../../eventually.js';

export interface Collected {
  events: ReceivedEventData[];
  /** The last enqueued event properties the SDK tracked, when `trackLastEnqueuedEventProperties` was set. */
  lastEnqueued: LastEnqueuedEventProperties | undefined;
}

/**
 * Reads one partition from `startPosition` until `count` events arrived (or the deadline passed), then closes the
 * subscription. Errors the SDK reports to `processError` reject the promise.
 */
export async function collect(
  client: EventHubConsumerClient,
  options: { partitionId: string; count: number; startPosition: EventPosition; timeoutMs?: number } & Omit<
    SubscribeOptions,
    'startPosition'
  >,
): Promise<Collected> {
  const { partitionId, count, timeoutMs = 10_000, ...subscribeOptions } = options;
  const events: ReceivedEventData[] = [];
  let context: PartitionContext | undefined;
  let settle!: (error?: Error) => void;
  const done = new Promise<void>(
    (resolve, reject) => (settle = (error) => (error ? reject(error) : resolve())),
  );
  const timer = setTimeout(
    () =>
      settle(
        new Error(`only ${events.length} of ${count} events arrived on partition ${partitionId} in time`),
      ),
    timeoutMs,
  );
  const subscription = client.subscribe(
    partitionId,
    {
      processEvents: (received, partitionContext) => {
        context = partitionContext;
        events.push(...received);
        if (events.length >= count) settle();
        return Promise.resolve();
      },
      processError: (error) => Promise.resolve(settle(error)),
    },
    { maxBatchSize: Math.max(1, Math.min(count, 100)), maxWaitTimeInSeconds: 1, ...subscribeOptions },
  );
  try {
    await done;
  } finally {
    clearTimeout(timer);
    await subscription.close();
  }
  return { events, lastEnqueued: context?.lastEnqueuedEventProperties };
}

/** The first error a subscription reports, e.g. a refused or stolen link. */
export async function firstError(
  client: EventHubConsumerClient,
  partitionId: string,
  options: SubscribeOptions = {},
  timeoutMs = 10_000,
): Promise<Error & { code?: string }> {
  let report!: (error: Error) => void;
  const reported = new Promise<Error>((resolve) => (report = resolve));
  const timer = setTimeout(() => report(new Error('no error was reported in time')), timeoutMs);
  const subscription = client.subscribe(
    partitionId,
    { processEvents: () => Promise.resolve(), processError: (error) => Promise.resolve(report(error)) },
    { maxWaitTimeInSeconds: 1, ...options },
  );
  try {
    return await reported;
  } finally {
    clearTimeout(timer);
    await subscription.close();
  }
}

/** Bodies of received events, for order-sensitive assertions. */
export function bodies(events: readonly ReceivedEventData[]): unknown[] {
  return events.map((event): unknown => event.body);
}

/** Waits until `count` reader links are attached to the hub's partition (the SDK gives no signal for it). */
export async function readersAttached(
  h: EventHubsHarness,
  hub: string,
  count: number,
  partitionId = '0',
): Promise<void> {
  await eventually(
    () => {
      const described = h.emulator.eventHubs.describe().find((entry) => entry.name === hub);
      return described?.partitions.find((partition) => partition.partitionId === partitionId)?.readers ===
        count
        ? true
        : undefined;
    },
    { what: `${count} readers on ${hub} partition ${partitionId}` },
  );
}
