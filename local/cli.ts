#!/usr/bin/env node
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { HostKeys } from '../host/start-host.js';
import { startLocalCloud } from './start-local-cloud.js';
import { describeLocalCloud } from './describe-local-cloud.js';

const usage = `Usage: npm start -- [options]

Starts Azurite, the emulator (Service Bus, Event Hubs, Event Grid) and the Functions host with the app, all on
127.0.0.1, and keeps their state in .local/ so a restart resumes where it stopped.

  --clean            start from a clean state (deletes the workspace)
  --port <n>         HTTP port of the Functions host (default 7071)
  --workspace <dir>  where state is kept (default .local)
  --any-ports        let the OS choose every port (several local clouds side by side, benchmarks)
  -h, --help`;

const { values } = parseArgs({
  options: {
    clean: { type: 'boolean', default: false },
    port: { type: 'string', default: '7071' },
    workspace: { type: 'string', default: '.local' },
    'any-ports': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log(usage);
  process.exit(0);
}

const root = process.cwd();
const workspace = resolve(root, values.workspace);
if (values.clean) rmSync(workspace, { recursive: true, force: true });
mkdirSync(workspace, { recursive: true });

// Like `func start`, the host reads local.settings.json; a fresh clone gets the sample's local-cloud values.
const localSettings = join(root, 'local.settings.json');
if (!existsSync(localSettings)) {
  copyFileSync(join(root, 'local.settings.sample.json'), localSettings);
  console.log('Created local.settings.json from local.settings.sample.json.');
}

// The host's keys are kept so that URLs with ?code= keep working after a restart.
const keysFile = join(workspace, 'host-keys.json');
const keys = existsSync(keysFile)
  ? (JSON.parse(readFileSync(keysFile, 'utf8')) as Partial<HostKeys>)
  : undefined;

const started = performance.now();
try {
  const cloud = await startLocalCloud({
    appDir: root,
    config: resolve(root, 'infra/entities.json'),
    workspace,
    ports: values['any-ports']
      ? { host: 0, amqp: 0, eventGrid: 0, admin: 0, blob: 0, queue: 0, table: 0 }
      : { host: Number(values.port) },
    ...(keys ? { keys } : {}),
    onProgress: (step) => console.log(`… ${step}`),
  });
  writeFileSync(keysFile, JSON.stringify(cloud.host.keys, null, 2));
  console.log(describeLocalCloud(cloud, { workspace, startedInMs: Math.round(performance.now() - started) }));

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping the local cloud…');
    cloud.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (error) {
  console.error(`\nThe local cloud could not start:\n${(error as Error).message}`);
  process.exit(1);
}
