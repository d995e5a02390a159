import { readFile } from 'node:fs/promises';
import { BlobServiceClient } from '@azure/storage-blob';

interface EventGridSection {
  Topics?: Array<{
    subscriptions?: Array<{
      properties?: { deadLetterDestination?: { properties?: { blobContainerName?: string } } };
    }>;
  }>;
}

/**
 * Creates the blob containers the Event Grid subscriptions dead-letter into. On Azure, Bicep creates them (Event
 * Grid never does); locally, Azurite starts empty, so the local cloud creates them at start.
 */
export async function createDeadLetterContainers(options: {
  config: string;
  storageConnectionString: string;
}): Promise<string[]> {
  const file = JSON.parse(await readFile(options.config, 'utf8')) as {
    UserConfig?: { EventGrid?: EventGridSection };
  };
  const names = new Set<string>();
  for (const topic of file.UserConfig?.EventGrid?.Topics ?? []) {
    for (const subscription of topic.subscriptions ?? []) {
      const name = subscription.properties?.deadLetterDestination?.properties?.blobContainerName;
      if (name) names.add(name);
    }
  }
  const service = BlobServiceClient.fromConnectionString(options.storageConnectionString);
  await Promise.all([...names].map((name) => service.getContainerClient(name).createIfNotExists()));
  return [...names];
}
