import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { messageEnqueued, type MessageEnqueued } from '../../emulator/service-bus/diagnostics.js';
import { startLocalCloud } from '../../local/start-local-cloud.js';

/**
 * The whole local cloud in its own process (Azurite, the emulator, the host with the order app), in memory and on
 * OS-chosen ports, so the load generator does not share its event loop. Reports `{ url, storageConnectionString }`
 * over IPC and closes when the parent disconnects.
 *
 * It also notes when the broker enqueued each stock command, which only the broker knows: the parent asks with
 * `{ enqueuedAt: messageIds }` and gets `{ enqueuedAt: { [messageId]: ms since the epoch } }`.
 */
const root = fileURLToPath(new URL('../../../', import.meta.url));

// The app's local settings come from the sample, whatever a developer's local.settings.json says: the environment
// wins over local.settings.json, and startLocalCloud's connection settings win over both. Stock is plentiful, so
// every order is confirmed and the benchmark measures the happy path.
const sample = JSON.parse(readFileSync(new URL('local.settings.sample.json', `file://${root}`), 'utf8')) as {
  Values: Record<string, string>;
};
Object.assign(process.env, sample.Values, { StockSeed: JSON.stringify({ 'SKU-1': 1_000_000_000 }) });

const commandQueue = sample.Values.StockCommandsQueueName;
const commandsEnqueuedAt = new Map<string, number>();
messageEnqueued.subscribe((message) => {
  const { entityPath, messageId, enqueuedAt } = message as MessageEnqueued;
  if (entityPath === commandQueue && messageId !== undefined) commandsEnqueuedAt.set(messageId, enqueuedAt);
});
process.on('message', (request: { enqueuedAt?: string[] }) => {
  if (request.enqueuedAt === undefined) return;
  const found = request.enqueuedAt.flatMap((id) => {
    const at = commandsEnqueuedAt.get(id);
    return at === undefined ? [] : [[id, at] as const];
  });
  process.send?.({ enqueuedAt: Object.fromEntries(found) });
});

const cloud = await startLocalCloud({
  appDir: root,
  config: fileURLToPath(new URL('infra/entities.json', `file://${root}`)),
  ports: { host: 0, amqp: 0, eventGrid: 0, admin: 0, blob: 0, queue: 0, table: 0 },
  hostLog: () => {},
});
process.send?.({ url: cloud.host.url, storageConnectionString: cloud.azurite.connectionString });
process.on('disconnect', () => void cloud.close().then(() => process.exit(0)));
