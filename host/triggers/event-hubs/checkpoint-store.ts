import { BlobCheckpointStore } from '@azure/eventhubs-checkpointstore-blob';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import type { AppSettings } from '../../settings/app-settings.js';
import type { StorageConnection } from '../../settings/storage-connection.js';
import { tokenCredentialFor } from '../../settings/token-credential.js';

/**
 * The container the Functions host keeps Event Hubs checkpoints and partition ownership in (`EventHubOptions`
 * `CheckpointContainer`). Inside it the blobs are laid out as the Event Hubs SDKs' blob checkpoint store lays them
 * out, which is also what the extension's store writes: `<namespace>/<hub>/<consumer group>/checkpoint/<partition>`
 * and `…/ownership/<partition>`, lower-cased, the position in the metadata (`sequencenumber`, `offset`). So
 * `func start` against the same storage resumes where this host stopped, and the other way round.
 */
export const checkpointContainerName = 'azure-webjobs-eventhub';

/** Where a partition's checkpoint blob lives in the container. */
export function checkpointBlobName(partition: {
  fullyQualifiedNamespace: string;
  eventHubName: string;
  consumerGroup: string;
  partitionId: string;
}): string {
  const { fullyQualifiedNamespace, eventHubName, consumerGroup, partitionId } = partition;
  return `${fullyQualifiedNamespace}/${eventHubName}/${consumerGroup}/checkpoint/${partitionId}`.toLowerCase();
}

/** The checkpoint container of the host's storage account, created when missing (as the listener does on start). */
export async function openCheckpointContainer(
  storage: StorageConnection,
  settings: AppSettings,
): Promise<ContainerClient> {
  const service =
    storage.kind === 'connectionString'
      ? BlobServiceClient.fromConnectionString(storage.connectionString, { retryOptions: { maxTries: 2 } })
      : new BlobServiceClient(storage.blobServiceUri, await tokenCredentialFor(settings, storage.setting));
  const container = service.getContainerClient(checkpointContainerName);
  await container.createIfNotExists();
  return container;
}

export function blobCheckpointStore(container: ContainerClient): BlobCheckpointStore {
  return new BlobCheckpointStore(container);
}

/** When the partition's checkpoint was last written, or undefined when it has none. */
export async function lastCheckpointTime(
  container: ContainerClient,
  partition: Parameters<typeof checkpointBlobName>[0],
): Promise<number | undefined> {
  try {
    const properties = await container.getBlobClient(checkpointBlobName(partition)).getProperties();
    return properties.lastModified?.getTime();
  } catch {
    return undefined;
  }
}
