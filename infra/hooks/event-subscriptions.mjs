/* global URL */
/**
 * What the postdeploy hook needs from infra/entities.json and the azd environment, kept apart from the calls to
 * Azure so that it can be tested offline.
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

/** The azd environment values the hook reads: the environment's name and outputs of infra/main.bicep. */
export const requiredEnvironment = [
  'AZURE_ENV_NAME',
  'AZURE_SUBSCRIPTION_ID',
  'AZURE_RESOURCE_GROUP',
  'AZURE_FUNCTION_APP_NAME',
];

/**
 * @param {Record<string, string | undefined>} environment
 * @returns {{ AZURE_ENV_NAME: string, AZURE_SUBSCRIPTION_ID: string, AZURE_RESOURCE_GROUP: string, AZURE_FUNCTION_APP_NAME: string }}
 */
function required(environment) {
  const missing = requiredEnvironment.filter((name) => !environment[name]);
  if (missing.length > 0) {
    throw new Error(`The azd environment lacks ${missing.join(', ')}. Run \`azd provision\` first.`);
  }
  return {
    AZURE_ENV_NAME: String(environment.AZURE_ENV_NAME),
    AZURE_SUBSCRIPTION_ID: String(environment.AZURE_SUBSCRIPTION_ID),
    AZURE_RESOURCE_GROUP: String(environment.AZURE_RESOURCE_GROUP),
    AZURE_FUNCTION_APP_NAME: String(environment.AZURE_FUNCTION_APP_NAME),
  };
}

/**
 * The Azure Resource Manager request that lists the function app's functions, as `<app>/<function>` names.
 *
 * @param {Record<string, string | undefined>} environment
 * @returns {URL}
 */
export function functionsListUrl(environment) {
  const { AZURE_SUBSCRIPTION_ID, AZURE_RESOURCE_GROUP, AZURE_FUNCTION_APP_NAME } = required(environment);
  const path =
    `/subscriptions/${AZURE_SUBSCRIPTION_ID}/resourceGroups/${AZURE_RESOURCE_GROUP}` +
    `/providers/Microsoft.Web/sites/${AZURE_FUNCTION_APP_NAME}/functions`;
  const url = new URL(path, 'https://management.azure.com');
  url.searchParams.set('api-version', '2024-04-01');
  return url;
}

/**
 * The second deployment: `azd provision` of the same environment, with the flag that adds
 * infra/subscriptions.bicep set for that run only. Nothing but the flag differs, so only the subscriptions change.
 *
 * @param {Record<string, string | undefined>} environment
 * @returns {{ command: string, args: string[], env: Record<string, string | undefined> }}
 */
export function subscriptionsProvision(environment) {
  const { AZURE_ENV_NAME } = required(environment);
  return {
    command: 'azd',
    args: ['provision', '--no-prompt', '--environment', AZURE_ENV_NAME],
    env: { ...environment, EVENT_SUBSCRIPTIONS_ENABLED: 'true' },
  };
}
