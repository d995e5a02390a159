import { channel } from 'node:diagnostics_channel';

/** What `messageEnqueued` publishes: a message that entered a queue or a subscription (a topic copies to each). */
export interface MessageEnqueued {
  readonly entityPath: string;
  readonly sequenceNumber: number;
  readonly messageId: string | undefined;
  readonly sessionId: string | undefined;
  /** The broker's clock, ms since the epoch: the message's EnqueuedTimeUtc. */
  readonly enqueuedAt: number;
}

/**
 * A `node:diagnostics_channel` for code in the same process that watches the broker without taking part in it
 * (tests, benchmarks that time a message's path): subscribe with `messageEnqueued.subscribe(listener)`. Published
 * synchronously, only while someone listens; messages restored from the journal at start are not published.
 */
export const messageEnqueued = channel('local-cloud.service-bus.message-enqueued');
