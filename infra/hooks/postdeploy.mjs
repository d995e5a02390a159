/* global process, console */
// azd postdeploy hook: deploys the Event Grid subscriptions (infra/subscriptions.bicep). Azure checks that an
// AzureFunction destination exists, so the hook first waits until the platform lists every subscribed function
// (indexing follows a deployment by a few seconds to a minute), then runs the deployment, which is idempotent.
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { az } from './az.mjs';
import { subscribedFunctions, subscriptionDeploymentArgs } from './event-subscriptions.mjs';

const waitLimitMs = 5 * 60_000;
const pollIntervalMs = 10_000;

try {
  /** @type {unknown} */
  const entities = JSON.parse(readFileSync('infra/entities.json', 'utf8'));
  const wanted = subscribedFunctions(
    /** @type {import('./event-subscriptions.mjs').EntitiesFile} */ (entities),
  );
  if (wanted.length === 0) {
    console.log('infra/entities.json declares no Event Grid subscriptions; nothing to deploy.');
    process.exit(0);
  }
  const deploymentArgs = subscriptionDeploymentArgs(process.env);
  const env = process.env;
  const deadline = Date.now() + waitLimitMs;
  for (;;) {
    /** @type {unknown} */
    const output = JSON.parse(
      az(
        [
          'functionapp',
          'function',
          'list',
          '--subscription',
          String(env.AZURE_SUBSCRIPTION_ID),
          '--resource-group',
          String(env.AZURE_RESOURCE_GROUP),
          '--name',
          String(env.AZURE_FUNCTION_APP_NAME),
          '--query',
          '[].name',
          '--output',
          'json',
        ],
        { capture: true },
      ) || '[]',
    );
    // Listed as <app>/<function>.
    const present = new Set(/** @type {string[]} */ (output).map((name) => name.split('/').at(-1)));
    const absent = wanted.filter((name) => !present.has(name));
    if (absent.length === 0) break;
    if (Date.now() > deadline) {
      throw new Error(
        `The function app does not list ${absent.join(', ')} after ${waitLimitMs / 60_000} minutes. ` +
          'Check that the deployment succeeded and that infra/entities.json names the registered functions.',
      );
    }
    console.log(`Waiting for ${absent.join(', ')} to be indexed…`);
    await sleep(pollIntervalMs);
  }
  console.log(`Deploying the Event Grid subscriptions to ${wanted.join(', ')}…`);
  az(deploymentArgs);
  console.log('Event Grid subscriptions deployed.');
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
