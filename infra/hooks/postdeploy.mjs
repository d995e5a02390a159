/* global process, console, fetch */
// azd postdeploy hook: adds the Event Grid subscriptions (infra/subscriptions.bicep). Azure checks that an
// AzureFunction destination exists, so the hook first waits until the function app lists every subscribed function
// (indexing follows a deployment by a few seconds to a minute), then provisions again with the flag that adds them.
// It signs in as azd does (AzureDeveloperCliCredential), so azd is the only tool it needs.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { AzureDeveloperCliCredential } from '@azure/identity';
import { functionsListUrl, subscribedFunctions, subscriptionsProvision } from './event-subscriptions.mjs';

const waitLimitMs = 5 * 60_000;
const pollIntervalMs = 10_000;

/**
 * @param {URL} url
 * @param {AzureDeveloperCliCredential} credential
 * @returns {Promise<Set<string>>}
 */
async function listedFunctions(url, credential) {
  const token = await credential.getToken('https://management.azure.com/.default');
  const response = await fetch(url, { headers: { authorization: `Bearer ${token.token}` } });
  if (!response.ok)
    throw new Error(`Listing the functions answered ${response.status}: ${await response.text()}`);
  const body = /** @type {{ value?: Array<{ name: string }> }} */ (await response.json());
  // Listed as <app>/<function>.
  return new Set((body.value ?? []).map((entry) => entry.name.split('/').at(-1) ?? ''));
}

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
  const url = functionsListUrl(process.env);
  const provision = subscriptionsProvision(process.env);
  const credential = new AzureDeveloperCliCredential();
  const deadline = Date.now() + waitLimitMs;
  for (;;) {
    const present = await listedFunctions(url, credential);
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
  console.log(`Provisioning the Event Grid subscriptions to ${wanted.join(', ')}…`);
  const result = spawnSync(provision.command, provision.args, { env: provision.env, stdio: 'inherit' });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`azd provision failed with exit code ${result.status}.`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
