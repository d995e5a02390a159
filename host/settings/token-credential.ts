import type { TokenCredential } from '@azure/identity';
import type { AppSettings } from './app-settings.js';

/**
 * The credential of an identity-based connection, chosen as the Functions host's Azure component factory does from
 * the connection's settings: `<name>__credential: managedidentity` (with `__clientId` for a user-assigned identity)
 * is a managed identity; anything else is the developer's own identity (Azure CLI, environment, …) locally, which
 * also covers a managed identity in Azure.
 */
export async function tokenCredentialFor(settings: AppSettings, setting: string): Promise<TokenCredential> {
  // Loaded only when a connection uses an identity: the library is large and most local runs use keys.
  const { DefaultAzureCredential, ManagedIdentityCredential } = await import('@azure/identity');
  const section = settings.section(setting).children;
  const clientId = section.get('clientid');
  if (section.get('credential')?.toLowerCase() === 'managedidentity') {
    return clientId ? new ManagedIdentityCredential({ clientId }) : new ManagedIdentityCredential();
  }
  return new DefaultAzureCredential(clientId ? { managedIdentityClientId: clientId } : {});
}
