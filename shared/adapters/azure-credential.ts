import type { TokenCredential } from '@azure/core-auth';
import { DefaultAzureCredential, ManagedIdentityCredential } from '@azure/identity';
import type { IdentityConfig } from '../config/app-config.js';

/**
 * The credential an identity-based connection uses: the function app's user-assigned managed identity on Azure,
 * or `DefaultAzureCredential` elsewhere (a developer signed in with `az login` against real resources).
 */
export function credentialFor(identity: IdentityConfig): TokenCredential {
  if (identity.kind === 'managedIdentity') {
    return identity.clientId === undefined
      ? new ManagedIdentityCredential()
      : new ManagedIdentityCredential({ clientId: identity.clientId });
  }
  return new DefaultAzureCredential(
    identity.clientId === undefined ? {} : { managedIdentityClientId: identity.clientId },
  );
}
