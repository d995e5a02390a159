/**
 * What the postdeploy hook needs from infra/entities.json and the azd environment, kept apart from the Azure CLI
 * calls so it can be tested offline.
 */

/**
 * @typedef {{ properties: { destination: { properties: { resourceId: string } } } }} SubscriptionDeclaration
 * @typedef {{ subscriptions?: SubscriptionDeclaration[] }} TopicDeclaration
 * @typedef {{ UserConfig?: { EventGrid?: { Topics?: TopicDeclaration[] } } }} EntitiesFile
 */

/**
 * The functions the Event Grid subscriptions deliver to: the last segment of each AzureFunction destination's
 * resourceId (locally a bare function name).
 *
 * @param {EntitiesFile} entities the parsed infra/entities.json
 * @returns {string[]}
 */
export function subscribedFunctions(entities) {
  const topics = entities.UserConfig?.EventGrid?.Topics ?? [];
  const names = topics.flatMap((topic) =>
    (topic.subscriptions ?? []).map((subscription) => {
      const segments = subscription.properties.destination.properties.resourceId.split('/');
      return segments[segments.length - 1] ?? '';
    }),
  );
  return [...new Set(names)];
}

/** The azd environment values the hook reads, all outputs of infra/main.bicep but the subscription id. */
export const requiredEnvironment = [
  'AZURE_SUBSCRIPTION_ID',
  'AZURE_RESOURCE_GROUP',
  'AZURE_FUNCTION_APP_NAME',
  'AZURE_EVENT_GRID_TOPIC_NAME',
  'AZURE_STORAGE_ACCOUNT_NAME',
];

/**
 * The `az deployment group create` arguments of infra/subscriptions.bicep. Only resource names are passed: the
 * template resolves the function's resource id itself, so no key or URL is ever built here.
 *
 * @param {Record<string, string | undefined>} environment
 * @returns {string[]}
 */
export function subscriptionDeploymentArgs(environment) {
  const missing = requiredEnvironment.filter((name) => !environment[name]);
  if (missing.length > 0) {
    throw new Error(`The azd environment lacks ${missing.join(', ')}. Run \`azd provision\` first.`);
  }
  return [
    'deployment',
    'group',
    'create',
    '--subscription',
    String(environment.AZURE_SUBSCRIPTION_ID),
    '--resource-group',
    String(environment.AZURE_RESOURCE_GROUP),
    '--name',
    'event-subscriptions',
    '--template-file',
    'infra/subscriptions.bicep',
    '--parameters',
    `topicName=${environment.AZURE_EVENT_GRID_TOPIC_NAME}`,
    `functionAppName=${environment.AZURE_FUNCTION_APP_NAME}`,
    `storageAccountName=${environment.AZURE_STORAGE_ACCOUNT_NAME}`,
    '--only-show-errors',
    '--output',
    'none',
  ];
}
