import type { RunningLocalCloud } from './start-local-cloud.js';

/** The table `npm start` prints: every endpoint, connection string and key of the running local cloud. */
export function describeLocalCloud(
  cloud: RunningLocalCloud,
  options: { workspace: string; startedInMs: number },
): string {
  const { host, emulator, azurite } = cloud;
  const rows: Array<[string, string]> = [
    ['Functions host', host.url],
    ['  master key', host.keys.master],
    ['  Event Grid system key', host.keys.eventGrid],
    ['Service Bus / Event Hubs', emulator.connectionString],
    ['Event Grid', emulator.eventGrid.url],
    ['Emulator admin API', emulator.adminUrl],
    ['Azurite blob', azurite.blobEndpoint],
    ['Azurite queue', azurite.queueEndpoint],
    ['Azurite table', azurite.tableEndpoint],
    ['Storage connection string', azurite.connectionString],
    ['Workspace', options.workspace],
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  const topics = emulator.eventGrid
    .describe()
    .topics.map((topic) => `  ${topic.name.padEnd(24)} ${topic.endpoint}`);
  return [
    '',
    `Local cloud ready in ${options.startedInMs} ms (the app loaded in ${Math.round(host.appLoadMs)} ms).`,
    '',
    ...rows.map(([name, value]) => `${name.padEnd(width)}  ${value}`),
    '',
    'Functions and their URLs are listed above, as the host printed them.',
    ...(topics.length ? ['', 'Event Grid topics:', ...topics] : []),
    '',
    'Press Ctrl-C to stop. `npm start -- --clean` starts from a clean state.',
  ].join('\n');
}
