#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { startEmulator } from './start-emulator.js';

const usage = `Usage: npm run emulator -- [options]

Serves Service Bus and Event Hubs over AMQP, Event Grid topics over HTTP, and an admin API, on 127.0.0.1.

  --config <file>           entities, in the official emulators' Config.json format (default: infra/entities.json)
  --data <dir>              keep messages and events across restarts here (default: .local/emulator)
  --in-memory               keep nothing on disk
  --amqp-port <n>           default 5672
  --event-grid-port <n>     default 6500
  --admin-port <n>          default 5300
  --functions-host <url>    where Azure Function subscriptions deliver (default: http://127.0.0.1:7071)
  --functions-host-key <key>
                            the host's Event Grid system key, which \`npm run host\` prints (needed unless the
                            host runs with --no-keys: deliveries without it are refused with 401)
  --dead-letter-storage <url>
                            blob endpoint for Event Grid dead-letters, with Azurite's well-known development
                            account (default: http://127.0.0.1:10000/devstoreaccount1, Azurite's default)
  --key <name>=<key>        verify SAS tokens against this key (default: accept any token)
  --verbose                 log refused links and protocol errors
  -h, --help`;

const { values } = parseArgs({
  options: {
    config: { type: 'string', default: 'infra/entities.json' },
    data: { type: 'string', default: '.local/emulator' },
    'in-memory': { type: 'boolean', default: false },
    'amqp-port': { type: 'string', default: '5672' },
    'event-grid-port': { type: 'string', default: '6500' },
    'admin-port': { type: 'string', default: '5300' },
    'functions-host': { type: 'string', default: 'http://127.0.0.1:7071' },
    'functions-host-key': { type: 'string' },
    'dead-letter-storage': { type: 'string', default: 'http://127.0.0.1:10000/devstoreaccount1' },
    key: { type: 'string' },
    verbose: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log(usage);
  process.exit(0);
}

const port = (name: string, text: string): number => {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    console.error(`--${name} must be a port number, got '${text}'.\n\n${usage}`);
    process.exit(2);
  }
  return value;
};
const [keyName, keyValue] = values.key?.split('=', 2) ?? [];

try {
  const emulator = await startEmulator({
    config: resolve(values.config),
    ...(values['in-memory'] ? {} : { dataDir: resolve(values.data) }),
    amqpPort: port('amqp-port', values['amqp-port']),
    eventGridPort: port('event-grid-port', values['event-grid-port']),
    adminPort: port('admin-port', values['admin-port']),
    functionsHostUrl: values['functions-host'],
    ...(values['functions-host-key'] ? { functionsHostKey: values['functions-host-key'] } : {}),
    // Azurite's development account: public, documented, and what UseDevelopmentStorage=true means.
    deadLetterStorage: {
      blobEndpoint: values['dead-letter-storage'],
      accountName: 'devstoreaccount1',
      accountKey: 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==',
    },
    ...(keyName && keyValue ? { sharedAccessKey: { name: keyName, key: keyValue } } : {}),
    ...(values.verbose ? { log: (line: string) => console.error(`[emulator] ${line}`) } : {}),
  });
  const entities = emulator.serviceBus.describe() as Array<{
    name: string;
    kind: string;
    subscriptions?: Array<{ name: string }>;
  }>;
  const topics = emulator.eventGrid.describe().topics;
  const hubs = emulator.eventHubs.describe();
  console.log(
    [
      'Local cloud emulator is ready.',
      '',
      `  AMQP (Service Bus, Event Hubs)  amqp://127.0.0.1:${emulator.amqpPort}`,
      `  Connection string              ${emulator.connectionString}`,
      `  Event Grid                     ${emulator.eventGrid.url}`,
      `  Admin API                      ${emulator.adminUrl}`,
      `  Data                           ${values['in-memory'] ? 'in memory' : resolve(values.data)}`,
      '',
      '  Service Bus entities:',
      ...entities.map(
        (e) =>
          `    ${e.kind.padEnd(6)} ${e.name}${e.subscriptions?.length ? ` (subscriptions: ${e.subscriptions.map((s) => s.name).join(', ')})` : ''}`,
      ),
      '  Event hubs:',
      ...hubs.map(
        (hub) =>
          `    ${hub.name.padEnd(20)} ${hub.partitions.length} partitions, consumer groups: ${hub.consumerGroups.join(', ')}`,
      ),
      '  Event Grid topics:',
      ...topics.map((t) => `    ${t.name.padEnd(20)} ${t.endpoint}`),
      '',
      'Press Ctrl-C to stop.',
    ].join('\n'),
  );
  const stop = (): void => {
    console.log('Stopping…');
    emulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  console.error(`The emulator could not start: ${(error as Error).message}`);
  process.exit(1);
}
