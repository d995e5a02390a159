import type {
  EventGridTopicConnection,
  MessagingConnection,
  MonitoringConfig,
  TableStorageConnection,
} from './app-config.js';
import { readIdentity } from './read-identity.js';
import type { SettingsReader } from './settings-reader.js';

const namespaceRule = {
  pattern: /^[A-Za-z0-9][A-Za-z0-9.-]*\.[A-Za-z]{2,}$/,
  describe: 'a host name such as my-namespace.servicebus.windows.net, without a scheme',
};

const httpsUriRule = {
  pattern: /^https:\/\/[^/\s]+\/?$/,
  describe: 'an https URI such as https://account.table.core.windows.net',
};

const endpointRule = { pattern: /^https?:\/\/[^/\s]+\/\S*$/, describe: 'an absolute http or https URL' };

/**
 * A Service Bus or Event Hubs connection as the Functions extensions resolve it: `<name>` holding a connection
 * string, else `<name>__fullyQualifiedNamespace` with an identity.
 */
export function readMessagingConnection(
  reader: SettingsReader,
  name: string,
): MessagingConnection | undefined {
  const connectionString = reader.optional(name, {
    pattern: /(^|;)\s*Endpoint=sb:\/\/[^;]+/i,
    describe: 'a connection string with an Endpoint=sb://... part',
  });
  if (connectionString !== undefined) return { kind: 'connectionString', connectionString };
  const fullyQualifiedNamespace = reader.optional(`${name}__fullyQualifiedNamespace`, namespaceRule);
  if (fullyQualifiedNamespace !== undefined) {
    return { kind: 'identity', fullyQualifiedNamespace, identity: readIdentity(reader, name) };
  }
  // A value that failed its rule has been reported already.
  if (!reader.has(name) && !reader.has(`${name}__fullyQualifiedNamespace`)) {
    reader.report(
      `Set ${name} (a connection string) or ${name}__fullyQualifiedNamespace (with a managed identity).`,
    );
  }
  return undefined;
}

/** The app's tables live in the host's storage account: `AzureWebJobsStorage`, or its table service URI. */
export function readTableStorage(reader: SettingsReader, name: string): TableStorageConnection | undefined {
  const connectionString = reader.optional(name, {
    pattern: /^UseDevelopmentStorage=true;?$|(^|;)\s*(AccountName|TableEndpoint)=/i,
    describe: 'UseDevelopmentStorage=true or a storage connection string',
  });
  if (connectionString !== undefined) return { kind: 'connectionString', connectionString };
  const tableServiceUri = reader.optional(`${name}__tableServiceUri`, httpsUriRule);
  if (tableServiceUri !== undefined) {
    return { kind: 'identity', tableServiceUri, identity: readIdentity(reader, name) };
  }
  if (!reader.has(name) && !reader.has(`${name}__tableServiceUri`)) {
    reader.report(`Set ${name} (a connection string) or ${name}__tableServiceUri (with a managed identity).`);
  }
  return undefined;
}

/**
 * The Event Grid topic: its endpoint, and a key only where there is no identity (the local emulator). The SDK never
 * sends a token over plain http, so an http endpoint without a key could not work and is refused here, at start.
 */
export function readEventGridTopic(
  reader: SettingsReader,
  name: string,
): EventGridTopicConnection | undefined {
  const topicEndpoint = reader.optional(`${name}__topicEndpointUri`, endpointRule);
  const key = reader.optional(`${name}__topicKey`);
  if (topicEndpoint === undefined) {
    // A value that failed its rule has been reported already.
    if (!reader.has(`${name}__topicEndpointUri`)) {
      reader.report(`Set ${name}__topicEndpointUri to the Event Grid topic endpoint.`);
    }
    return undefined;
  }
  if (key !== undefined) return { topicEndpoint, auth: { kind: 'key', key } };
  if (topicEndpoint.startsWith('http://')) {
    reader.report(
      `${name}__topicEndpointUri is plain http, which needs ${name}__topicKey: tokens travel over https only.`,
    );
    return undefined;
  }
  return { topicEndpoint, auth: { kind: 'identity', identity: readIdentity(reader, name) } };
}

/**
 * Application Insights, when its connection string is set. `APPLICATIONINSIGHTS_AUTHENTICATION_STRING`
 * (`ClientId=<id>;Authorization=AAD`) makes the exporter authenticate with that managed identity.
 */
export function readMonitoring(reader: SettingsReader): MonitoringConfig {
  const connectionString = reader.optional('APPLICATIONINSIGHTS_CONNECTION_STRING', {
    pattern: /(^|;)\s*(InstrumentationKey|IngestionEndpoint)=/i,
    describe: 'an Application Insights connection string (InstrumentationKey=...;IngestionEndpoint=...)',
  });
  const authentication = reader.optional('APPLICATIONINSIGHTS_AUTHENTICATION_STRING');
  if (connectionString === undefined) return {};
  if (authentication === undefined) return { connectionString };
  const parts = new Map(
    authentication.split(';').flatMap((part) => {
      const at = part.indexOf('=');
      return at < 0 ? [] : [[part.slice(0, at).trim().toLowerCase(), part.slice(at + 1).trim()] as const];
    }),
  );
  if (parts.get('authorization')?.toUpperCase() !== 'AAD') {
    reader.report(
      'APPLICATIONINSIGHTS_AUTHENTICATION_STRING must be "Authorization=AAD" with an optional ClientId=<id>.',
    );
    return { connectionString };
  }
  const clientId = parts.get('clientid');
  return {
    connectionString,
    identity: { kind: 'managedIdentity', ...(clientId === undefined || clientId === '' ? {} : { clientId }) },
  };
}
