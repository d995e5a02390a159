import type { IdentityConfig } from './app-config.js';
import type { SettingsReader } from './settings-reader.js';

const clientIdRule = { pattern: /^[0-9a-fA-F-]{36}$/, describe: 'a client id (a GUID)' };

/**
 * `<prefix>__credential` and `<prefix>__clientId`, as the Functions identity-based connections spell them. Only
 * `managedidentity` is a credential the extensions know; without one, the app falls back to
 * `DefaultAzureCredential`, which is what a developer running against real Azure resources wants.
 */
export function readIdentity(reader: SettingsReader, prefix: string): IdentityConfig {
  const credential = reader.optional(`${prefix}__credential`);
  const clientId = reader.optional(`${prefix}__clientId`, clientIdRule);
  const withClientId = clientId === undefined ? {} : { clientId };
  if (credential === undefined) return { kind: 'default', ...withClientId };
  if (credential.toLowerCase() !== 'managedidentity') {
    reader.report(`${prefix}__credential must be "managedidentity" when set; it is "${credential}".`);
  }
  return { kind: 'managedIdentity', ...withClientId };
}
