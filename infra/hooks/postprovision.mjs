/* global process, console */
// azd postprovision hook: writes local.settings.json so that `npm run build && func start` runs the app on this
// machine against the resources just provisioned. A local.settings.json it did not write (the local cloud's) is
// kept in .azure/<environment>/ first.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cloudLocalSettings } from './cloud-settings.mjs';

const target = 'local.settings.json';

try {
  const content = `${JSON.stringify(cloudLocalSettings(process.env), null, 2)}\n`;
  if (existsSync(target)) {
    const previous = readFileSync(target, 'utf8');
    if (previous !== content) {
      const keptDirectory = join('.azure', process.env.AZURE_ENV_NAME ?? 'default');
      mkdirSync(keptDirectory, { recursive: true });
      const kept = join(keptDirectory, 'local.settings.previous.json');
      writeFileSync(kept, previous);
      console.log(`Kept the previous ${target} as ${kept}.`);
    }
  }
  writeFileSync(target, content);
  console.log(
    `Wrote ${target} for running locally against the resources in ${process.env.AZURE_RESOURCE_GROUP}.`,
  );
  console.log(
    'To go back to the local cloud, delete it: `npm start` recreates it from local.settings.sample.json.',
  );
  if (process.env.AZURE_VNET_ENABLED === 'true') {
    console.warn('The resources accept private traffic only (vnetEnabled): a local run cannot reach them.');
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
