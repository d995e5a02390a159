import { EventHubConsumerClient, latestEventPosition } from '@azure/event-hubs';
import type { AppSettings } from '../../settings/app-settings.js';
import { tokenCredentialFor } from '../../settings/token-credential.js';
import { toError } from '../../to-error.js';
import { checkpointContainerName, openCheckpointContainer } from './checkpoint-store.js';
import type { EventHubsBinding } from './event-hubs-binding.js';

const probeOptions = { retryOptions: { maxRetries: 0, timeoutInMs: 10_000 } };

/**
 * Checks at start what the listener needs, as the extension validates its processor before it starts: the event
 * hub exists, its consumer group can be read (by a reader on the first partition, from the end, for a moment), and
 * the checkpoint container of the host's storage can be created. Returns the problems; an empty list when all is
 * well.
 */
export async function probeEventHub(binding: EventHubsBinding, settings: AppSettings): Promise<string[]> {
  const where = `function '${binding.fn.name}'`;
  const [hubProblem, storageProblem] = await Promise.all([
    probeHub(binding, settings).then((problem) => problem && `${where}: ${problem}`),
    openCheckpointContainer(binding.storage, settings).then(
      () => undefined,
      (error: unknown) =>
        `${where}: the checkpoint container '${checkpointContainerName}' cannot be created in ` +
        `"${binding.storage.setting}": ${toError(error).message}`,
    ),
  ]);
  return [hubProblem, storageProblem].filter((problem): problem is string => problem !== undefined);
}

async function probeHub(binding: EventHubsBinding, settings: AppSettings): Promise<string | undefined> {
  const { connection, consumerGroup, eventHubName } = binding;
  const client =
    connection.kind === 'connectionString'
      ? new EventHubConsumerClient(consumerGroup, connection.connectionString, eventHubName, probeOptions)
      : new EventHubConsumerClient(
          consumerGroup,
          connection.fullyQualifiedNamespace,
          eventHubName,
          await tokenCredentialFor(settings, connection.setting),
          probeOptions,
        );
  try {
    let partitionIds: string[];
    try {
      partitionIds = await client.getPartitionIds();
    } catch (error) {
      if (isNotFound(error)) return `the event hub '${eventHubName}' does not exist`;
      return `the event hub '${eventHubName}' cannot be reached: ${toError(error).message}`;
    }
    const error = await readBriefly(client, partitionIds[0] ?? '0');
    // Refused because other instances read the partition (with an owner level, or too many): the group is there.
    if (!error || isBusy(error)) return undefined;
    if (isNotFound(error))
      return `the consumer group '${consumerGroup}' of event hub '${eventHubName}' does not exist`;
    return `the event hub '${eventHubName}' cannot be read with consumer group '${consumerGroup}': ${error.message}`;
  } finally {
    await client.close().catch(() => undefined);
  }
}

/** Opens a reader on one partition and resolves with the error it reports, or undefined once it has waited. */
async function readBriefly(client: EventHubConsumerClient, partitionId: string): Promise<Error | undefined> {
  let settle!: (error: Error | undefined) => void;
  const outcome = new Promise<Error | undefined>((resolve) => (settle = resolve));
  const subscription = client.subscribe(
    partitionId,
    {
      processEvents: () => Promise.resolve(settle(undefined)),
      processError: (error) => Promise.resolve(settle(toError(error))),
    },
    { startPosition: latestEventPosition, maxBatchSize: 1, maxWaitTimeInSeconds: 0.05, prefetchCount: 1 },
  );
  try {
    return await outcome;
  } finally {
    await subscription.close();
  }
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === 'ReceiverDisconnectedError' || code === 'QuotaExceededError';
}

function isNotFound(error: unknown): boolean {
  return (error as { code?: string }).code === 'MessagingEntityNotFoundError';
}
