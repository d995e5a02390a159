/** App settings in the local form, as local.settings.sample.json has them. */
export const localSettings: Record<string, string> = {
  AzureWebJobsStorage: 'UseDevelopmentStorage=true',
  ServiceBusConnection:
    'Endpoint=sb://localhost:5672;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true;',
  EventHubConnection:
    'Endpoint=sb://localhost:5672;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true;',
  EventGridConnection__topicEndpointUri: 'http://127.0.0.1:6500/orders/api/events',
  EventGridConnection__topicKey: 'local-emulator-key',
};

const clientId = '6c1a2e5e-3f4b-4c8d-9e0f-1a2b3c4d5e6f';

/** App settings in the Azure form: service URIs and a user-assigned managed identity, no key anywhere. */
export const azureSettings: Record<string, string> = {
  AzureWebJobsStorage__tableServiceUri: 'https://stexample.table.core.windows.net',
  AzureWebJobsStorage__blobServiceUri: 'https://stexample.blob.core.windows.net',
  AzureWebJobsStorage__queueServiceUri: 'https://stexample.queue.core.windows.net',
  AzureWebJobsStorage__credential: 'managedidentity',
  AzureWebJobsStorage__clientId: clientId,
  ServiceBusConnection__fullyQualifiedNamespace: 'sb-example.servicebus.windows.net',
  ServiceBusConnection__credential: 'managedidentity',
  ServiceBusConnection__clientId: clientId,
  EventHubConnection__fullyQualifiedNamespace: 'evhns-example.servicebus.windows.net',
  EventHubConnection__credential: 'managedidentity',
  EventHubConnection__clientId: clientId,
  EventGridConnection__topicEndpointUri: 'https://evgt-example.westeurope-1.eventgrid.azure.net/api/events',
  EventGridConnection__credential: 'managedidentity',
  EventGridConnection__clientId: clientId,
  APPLICATIONINSIGHTS_CONNECTION_STRING:
    'InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/',
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: `ClientId=${clientId};Authorization=AAD`,
};

export const azureClientId = clientId;

/** A settings source that records every name read, to compare with the settings contract. */
export function recordingSource(values: Record<string, string>): {
  source: Record<string, string | undefined>;
  read: Set<string>;
} {
  const read = new Set<string>();
  const source = new Proxy(values, {
    get(target, name) {
      if (typeof name === 'string') read.add(name);
      return typeof name === 'string' ? target[name] : undefined;
    },
  }) as Record<string, string | undefined>;
  return { source, read };
}
