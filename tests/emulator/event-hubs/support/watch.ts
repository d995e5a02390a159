import type {
  EventHubConsumerClient,
  ReceivedEventData,
  SubscribeOptions,
  Subscription,
} from '@azure/event-hubs';
import { eventually } from '../../eventually.js';

export type ReportedError = Error & { code?: string };

/** A running subscription on one partition that records what it receives and the errors it reports. */
export interface PartitionWatch {
  readonly events: ReceivedEventData[];
  readonly errors: ReportedError[];
  /** Resolves with the first event whose body equals `body`. */
  received(body: unknown): Promise<ReceivedEventData>;
  /** Resolves with the first reported error. */
  failed(): Promise<ReportedError>;
  close(): Promise<void>;
}

export function watchPartition(
  client: EventHubConsumerClient,
  partitionId: string,
  options: SubscribeOptions = {},
): PartitionWatch {
  const events: ReceivedEventData[] = [];
  const errors: ReportedError[] = [];
  const subscription: Subscription = client.subscribe(
    partitionId,
    {
      processEvents: (received) => {
        events.push(...received);
        return Promise.resolve();
      },
      processError: (error) => {
        errors.push(error);
        return Promise.resolve();
      },
    },
    { maxWaitTimeInSeconds: 1, ...options },
  );
  return {
    events,
    errors,
    received: (body) =>
      eventually(() => events.find((event) => event.body === body), { what: `an event '${String(body)}'` }),
    failed: () => eventually(() => errors[0], { what: 'an error' }),
    close: () => subscription.close(),
  };
}
