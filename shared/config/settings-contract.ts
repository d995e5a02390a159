/**
 * Every app setting the order application and its Functions host read, in one list. Three things must agree with
 * it, and a test checks each: the configuration loader (`load-config.ts`), `local.settings.sample.json` (the
 * settings where `where` is `local` or `both`, with `local` as the value) and the app settings Bicep gives the
 * function app (those where `where` is `azure` or `both`).
 *
 * Connections follow the Functions conventions, so the host's triggers and the app's own SDK clients read the same
 * settings: a connection string locally (`ServiceBusConnection`), and on Azure a service URI with a user-assigned
 * managed identity (`ServiceBusConnection__fullyQualifiedNamespace`, `__credential`, `__clientId`). Azure never
 * gets a key.
 */
export interface AppSettingContract {
  readonly name: string;
  /** Where the setting is set: only in local.settings.json, only on Azure, or in both. */
  readonly where: 'local' | 'azure' | 'both';
  /** Required wherever it is set; an optional setting may be absent or empty. */
  readonly required: boolean;
  /** Who reads it: the app's configuration loader, the Functions host (triggers, storage, monitoring), or both. */
  readonly readBy: readonly ('app' | 'host')[];
  /** The value in local.settings.sample.json, pointing at the local cloud's default ports. */
  readonly local?: string;
  /** What Bicep sets on Azure, and where it comes from. */
  readonly azure?: string;
  readonly description: string;
}

const identityCredential = {
  required: true,
  azure: '`managedidentity`',
  description: 'Use a managed identity for this connection.',
} as const;

const identityClientId = {
  required: true,
  azure: "The user-assigned identity's client id (`identity.properties.clientId`).",
  description: 'Which managed identity: the function app has one user-assigned identity for everything.',
} as const;

export const settingsContract: readonly AppSettingContract[] = [
  {
    name: 'FUNCTIONS_WORKER_RUNTIME',
    where: 'local',
    required: true,
    readBy: ['host'],
    local: 'node',
    description:
      'The language worker. On Flex Consumption the runtime is part of `functionAppConfig` instead.',
  },
  {
    name: 'AzureWebJobsStorage',
    where: 'local',
    required: true,
    readBy: ['host', 'app'],
    local: 'UseDevelopmentStorage=true',
    description:
      "The host's storage account (leases, timers) and the app's tables: Azurite locally, or any full " +
      'connection string.',
  },
  {
    name: 'AzureWebJobsStorage__tableServiceUri',
    where: 'azure',
    required: true,
    readBy: ['app'],
    azure: '`storage.properties.primaryEndpoints.table`',
    description: "Table service of the storage account: the app's orders, outbox, stock and read models.",
  },
  {
    name: 'AzureWebJobsStorage__blobServiceUri',
    where: 'azure',
    required: true,
    readBy: ['host'],
    azure: '`storage.properties.primaryEndpoints.blob`',
    description:
      "Blob service of the storage account: the host's leases, timer status and Event Hubs checkpoints.",
  },
  {
    name: 'AzureWebJobsStorage__queueServiceUri',
    where: 'azure',
    required: true,
    readBy: ['host'],
    azure: '`storage.properties.primaryEndpoints.queue`',
    description: 'Queue service of the storage account, which the host uses for its own bookkeeping.',
  },
  { name: 'AzureWebJobsStorage__credential', where: 'azure', readBy: ['host', 'app'], ...identityCredential },
  { name: 'AzureWebJobsStorage__clientId', where: 'azure', readBy: ['host', 'app'], ...identityClientId },
  {
    name: 'ServiceBusConnection',
    where: 'local',
    required: true,
    readBy: ['host', 'app'],
    local:
      'Endpoint=sb://localhost:5672;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;' +
      'UseDevelopmentEmulator=true;',
    description: "Service Bus: the stock worker's and the reply handler's triggers, and the app's senders.",
  },
  {
    name: 'ServiceBusConnection__fullyQualifiedNamespace',
    where: 'azure',
    required: true,
    readBy: ['host', 'app'],
    azure: '`<namespace>.servicebus.windows.net`, from `serviceBus.properties.serviceBusEndpoint`.',
    description: 'Service Bus namespace reached with the managed identity.',
  },
  {
    name: 'ServiceBusConnection__credential',
    where: 'azure',
    readBy: ['host', 'app'],
    ...identityCredential,
  },
  { name: 'ServiceBusConnection__clientId', where: 'azure', readBy: ['host', 'app'], ...identityClientId },
  {
    name: 'EventHubConnection',
    where: 'local',
    required: true,
    readBy: ['host', 'app'],
    local:
      'Endpoint=sb://localhost:5672;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;' +
      'UseDevelopmentEmulator=true;',
    description: "Event Hubs: the telemetry producer and the aggregator's trigger.",
  },
  {
    name: 'EventHubConnection__fullyQualifiedNamespace',
    where: 'azure',
    required: true,
    readBy: ['host', 'app'],
    azure: '`<namespace>.servicebus.windows.net`, from `eventHubNamespace.properties.serviceBusEndpoint`.',
    description: 'Event Hubs namespace reached with the managed identity.',
  },
  { name: 'EventHubConnection__credential', where: 'azure', readBy: ['host', 'app'], ...identityCredential },
  { name: 'EventHubConnection__clientId', where: 'azure', readBy: ['host', 'app'], ...identityClientId },
  {
    name: 'EventGridConnection__topicEndpointUri',
    where: 'both',
    required: true,
    readBy: ['app'],
    local: 'http://127.0.0.1:6500/orders/api/events',
    azure: '`topic.properties.endpoint`',
    description: 'The Event Grid topic the order events are published to (CloudEvents 1.0).',
  },
  {
    name: 'EventGridConnection__topicKey',
    where: 'local',
    required: true,
    readBy: ['app'],
    local: 'local-emulator-key',
    description:
      'An access key, for the local emulator only (its topic takes any key). Over http the SDK never sends a ' +
      'token, so a local http endpoint needs one; Azure topics have local auth disabled and take the identity.',
  },
  { name: 'EventGridConnection__credential', where: 'azure', readBy: ['app'], ...identityCredential },
  { name: 'EventGridConnection__clientId', where: 'azure', readBy: ['app'], ...identityClientId },
  {
    name: 'APPLICATIONINSIGHTS_CONNECTION_STRING',
    where: 'both',
    required: false,
    readBy: ['host', 'app'],
    local: '',
    azure: '`appInsights.properties.ConnectionString`',
    description: 'Application Insights. Empty or absent: monitoring is off and costs nothing.',
  },
  {
    name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING',
    where: 'azure',
    required: true,
    readBy: ['host', 'app'],
    azure: '`ClientId=<identity client id>;Authorization=AAD`',
    description: 'Sends telemetry with the managed identity, so Application Insights can disable local auth.',
  },
  {
    name: 'StockCommandsQueueName',
    where: 'both',
    required: false,
    readBy: ['app'],
    local: 'stock-commands',
    azure: 'The queue of that name in `infra/entities.json`.',
    description:
      'Service Bus queue of ReserveStock and ReleaseStock (duplicate detection on). Default stock-commands.',
  },
  {
    name: 'StockRepliesQueueName',
    where: 'both',
    required: false,
    readBy: ['app'],
    local: 'stock-replies',
    azure: 'The queue of that name in `infra/entities.json`.',
    description: 'Session-enabled Service Bus queue of ReserveStockResult replies. Default stock-replies.',
  },
  {
    name: 'InvalidMessagesQueueName',
    where: 'both',
    required: false,
    readBy: ['app'],
    local: 'invalid-messages',
    azure: 'The queue of that name in `infra/entities.json`.',
    description:
      'Service Bus queue where messages and events that can never be processed are parked with their reason ' +
      '(docs/decisions/0002). Default invalid-messages.',
  },
  {
    name: 'TelemetryEventHubName',
    where: 'both',
    required: false,
    readBy: ['app'],
    local: 'telemetry',
    azure: 'The event hub of that name in `infra/entities.json`.',
    description: 'Event hub of the telemetry stream. Default telemetry.',
  },
  {
    name: 'TelemetryConsumerGroup',
    where: 'both',
    required: false,
    readBy: ['app'],
    local: 'aggregator',
    azure: 'The consumer group of that name in `infra/entities.json`.',
    description: "The aggregator's consumer group on the telemetry hub. Default aggregator.",
  },
  {
    name: 'StockSeed',
    where: 'both',
    required: false,
    readBy: ['app'],
    local: '{"SKU-1":1000,"SKU-2":500,"SKU-3":3}',
    azure: 'The same demo catalogue, from a Bicep parameter.',
    description:
      'JSON object of SKU to units. At start, SKUs the stock table does not have yet are added with these units; ' +
      'existing levels are never reset. Empty: no seeding.',
  },
];

/** The settings local.settings.sample.json lists, in contract order. */
export function localSettingNames(): string[] {
  return settingsContract.filter((setting) => setting.where !== 'azure').map((setting) => setting.name);
}

/** The app settings Bicep gives the function app, in contract order. */
export function azureSettingNames(): string[] {
  return settingsContract.filter((setting) => setting.where !== 'local').map((setting) => setting.name);
}

/** The settings the app's own configuration loader reads. */
export function appSettingNames(): string[] {
  return settingsContract.filter((setting) => setting.readBy.includes('app')).map((setting) => setting.name);
}
