import {
  type CheckpointStore,
  earliestEventPosition,
  EventHubConsumerClient,
  type EventHubConsumerClientOptions,
  type EventPosition,
  latestEventPosition,
  type PartitionContext,
  type Subscription,
} from '@azure/event-hubs';
import type { Clock } from '../../clock.js';
import type { Logger } from '../../host-log.js';
import type { FunctionExecutor } from '../../invocation/function-executor.js';
import type { AppSettings } from '../../settings/app-settings.js';
import { tokenCredentialFor } from '../../settings/token-credential.js';
import { toError } from '../../to-error.js';
import { blobCheckpointStore, lastCheckpointTime, openCheckpointContainer } from './checkpoint-store.js';
import type { EventHubsBinding } from './event-hubs-binding.js';
import type { EventHubsOptions, InitialOffset } from './event-hubs-options.js';
import { PartitionProcessor } from './partition-processor.js';

// How long the SDK waits for events before it reports an empty batch (the extension's `MaximumWaitTime`).
const receiveWaitSeconds = 60;

/**
 * An Event Hubs trigger, as the extension's `EventHubListener`: an `EventHubConsumerClient` whose partitions are
 * balanced greedily between every instance reading the hub with the same consumer group, through the ownership
 * blobs of the host's checkpoint store; each owned partition is read from its checkpoint (else from
 * `initialOffsetOptions`) by a {@link PartitionProcessor}.
 */
export class EventHubListener {
  readonly #binding: EventHubsBinding;
  readonly #options: EventHubsOptions;
  readonly #executor: FunctionExecutor;
  readonly #logger: Logger;
  readonly #clock: Clock;
  readonly #settings: AppSettings;
  readonly #stopping = new AbortController();
  readonly #processors = new Map<PartitionContext, PartitionProcessor>();
  #client: EventHubConsumerClient | undefined;
  #subscription: Subscription | undefined;

  constructor(options: {
    binding: EventHubsBinding;
    options: EventHubsOptions;
    executor: FunctionExecutor;
    logger: Logger;
    clock: Clock;
    settings: AppSettings;
  }) {
    this.#binding = options.binding;
    this.#options = options.options;
    this.#executor = options.executor;
    this.#logger = options.logger;
    this.#clock = options.clock;
    this.#settings = options.settings;
  }

  async start(): Promise<void> {
    const container = await openCheckpointContainer(this.#binding.storage, this.#settings);
    const client = await this.#createClient(blobCheckpointStore(container));
    this.#client = client;
    const binding = this.#binding;
    const options = this.#options;
    this.#subscription = client.subscribe(
      {
        processInitialize: async (context) => {
          const partition = {
            fullyQualifiedNamespace: context.fullyQualifiedNamespace,
            eventHubName: context.eventHubName,
            consumerGroup: binding.consumerGroup,
            partitionId: context.partitionId,
          };
          this.#processors.set(
            context,
            new PartitionProcessor({
              binding,
              options,
              partition,
              executor: this.#executor,
              logger: this.#logger,
              clock: this.#clock,
              stopping: this.#stopping.signal,
              lastCheckpointTime: await lastCheckpointTime(container, partition),
              checkpoint: (event) => context.updateCheckpoint(event),
            }),
          );
        },
        processEvents: (events, context) =>
          this.#processors.get(context)?.receive(events) ?? Promise.resolve(),
        processClose: async (reason, context) => {
          const processor = this.#processors.get(context);
          this.#processors.delete(context);
          await processor?.close(reason);
        },
        processError: (error, context) => {
          if (this.#stopping.signal.aborted) return Promise.resolve();
          const code = (error as { code?: string }).code;
          const where = context.partitionId ? ` (partition '${context.partitionId}')` : '';
          // A partition taken over by another instance closes the old reader: expected while balancing.
          this.#logger.host(
            code === 'ReceiverDisconnectedError' ? 'information' : 'warning',
            `The Event Hubs listener of 'Functions.${binding.fn.name}' on '${binding.eventHubName}'${where} ` +
              `reported an error: ${toError(error).message}`,
          );
          return Promise.resolve();
        },
      },
      {
        // Batches for either cardinality: a function that takes one event gets one invocation per event of it.
        maxBatchSize: options.maxEventBatchSize,
        maxWaitTimeInSeconds: receiveWaitSeconds,
        startPosition: startPosition(options.initialOffset),
        prefetchCount: options.prefetchCount,
        // The host hands the function the body bytes; JSON parsing is the binding's and the library's job.
        skipParsingBodyAsJson: true,
      },
    );
  }

  /**
   * Stops reading: invocations running finish (within the shutdown grace) without a checkpoint after them, the
   * partitions are released in the checkpoint store so another instance takes them at once, and the client closes.
   */
  async stop(): Promise<void> {
    this.#stopping.abort();
    await this.#subscription?.close();
    await this.#client?.close();
  }

  async #createClient(checkpointStore: CheckpointStore): Promise<EventHubConsumerClient> {
    const { connection, consumerGroup, eventHubName } = this.#binding;
    const clientOptions: EventHubConsumerClientOptions = {
      loadBalancingOptions: {
        strategy: 'greedy',
        updateIntervalInMs: this.#options.loadBalancingUpdateIntervalMs,
        partitionOwnershipExpirationIntervalInMs: this.#options.partitionOwnershipExpirationIntervalMs,
      },
    };
    if (connection.kind === 'connectionString') {
      return new EventHubConsumerClient(
        consumerGroup,
        connection.connectionString,
        eventHubName,
        checkpointStore,
        clientOptions,
      );
    }
    return new EventHubConsumerClient(
      consumerGroup,
      connection.fullyQualifiedNamespace,
      eventHubName,
      await tokenCredentialFor(this.#settings, connection.setting),
      checkpointStore,
      clientOptions,
    );
  }
}

function startPosition(initialOffset: InitialOffset): EventPosition {
  switch (initialOffset.type) {
    case 'fromStart':
      return earliestEventPosition;
    case 'fromEnd':
      return latestEventPosition;
    case 'fromEnqueuedTime':
      return { enqueuedOn: initialOffset.enqueuedTimeUtc };
  }
}
