/**
 * local.settings.json for running the app locally against the provisioned resources: the Azure form of the
 * settings contract (shared/config/settings-contract.ts) without the managed-identity selectors, so every
 * connection uses the developer's own sign-in (DefaultAzureCredential: az login, azd auth login, an IDE). The
 * values are main.bicep's outputs, which azd keeps in the environment under the names of the settings they feed.
 */

/** Settings copied from main.bicep's outputs, in contract order. */
export const settingsFromOutputs = [
  'AzureWebJobsStorage__tableServiceUri',
  'AzureWebJobsStorage__blobServiceUri',
  'AzureWebJobsStorage__queueServiceUri',
  'ServiceBusConnection__fullyQualifiedNamespace',
  'EventHubConnection__fullyQualifiedNamespace',
  'EventGridConnection__topicEndpointUri',
  'StockCommandsQueueName',
  'StockRepliesQueueName',
  'InvalidMessagesQueueName',
  'TelemetryEventHubName',
  'TelemetryConsumerGroup',
  'StockSeed',
];

/**
 * Settings with a fixed local value. Application Insights accepts only Microsoft Entra tokens, and the app sends
 * them with a managed identity alone, so a local run leaves monitoring off rather than fail to export.
 */
export const fixedSettings = {
  FUNCTIONS_WORKER_RUNTIME: 'node',
  APPLICATIONINSIGHTS_CONNECTION_STRING: '',
};

/**
 * @param {Record<string, string | undefined>} environment the azd environment (process.env in a hook)
 * @returns {{ IsEncrypted: false, Values: Record<string, string> }}
 */
export function cloudLocalSettings(environment) {
  const missing = settingsFromOutputs.filter((name) => environment[name] === undefined);
  if (missing.length > 0) {
    throw new Error(
      `The azd environment lacks ${missing.join(', ')}. Run \`azd provision\` (these are outputs of infra/main.bicep).`,
    );
  }
  const fromOutputs = Object.fromEntries(
    settingsFromOutputs.map((name) => [name, String(environment[name])]),
  );
  return { IsEncrypted: false, Values: { ...fixedSettings, ...fromOutputs } };
}
