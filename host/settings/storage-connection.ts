import type { AppSettings } from './app-settings.js';

/** The host's own storage account (`AzureWebJobsStorage`), as far as blob storage goes. */
export type StorageConnection =
  | { kind: 'connectionString'; setting: string; connectionString: string }
  | { kind: 'identity'; setting: string; blobServiceUri: string };

/**
 * Resolves `AzureWebJobsStorage` as the host does: a connection string (`UseDevelopmentStorage=true` for Azurite),
 * or identity-based with `AzureWebJobsStorage__blobServiceUri` or `__accountName`. Returns the problem otherwise.
 */
export function resolveStorageConnection(
  settings: AppSettings,
  name = 'AzureWebJobsStorage',
): { connection: StorageConnection } | { problem: string } {
  for (const setting of [`ConnectionStrings:${name}`, name]) {
    const section = settings.section(setting);
    if (section.value?.trim())
      return { connection: { kind: 'connectionString', setting, connectionString: section.value } };
    const blobServiceUri = section.children.get('blobserviceuri')?.trim();
    if (blobServiceUri) return { connection: { kind: 'identity', setting, blobServiceUri } };
    const accountName = section.children.get('accountname')?.trim();
    if (accountName) {
      return {
        connection: {
          kind: 'identity',
          setting,
          blobServiceUri: `https://${accountName}.blob.core.windows.net`,
        },
      };
    }
  }
  return {
    problem:
      `the app setting "${name}" is missing: it holds the storage account the host keeps its state in ` +
      `("UseDevelopmentStorage=true" or Azurite's connection string locally, "${name}__blobServiceUri" with an identity)`,
  };
}
