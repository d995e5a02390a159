/**
 * A child process of the Service Bus benchmark: `node service-bus-target.js emulator|relay`. It serves AMQP on an
 * OS-chosen loopback port and answers the parent over IPC, so the parent can read this process's own RSS.
 *
 *   parent -> { id, op: 'createQueue', name } | { id, op: 'memory' } | { id, op: 'close' }
 *   child  -> { op: 'ready', connectionString } | { id, ok: true, ... } | { id, ok: false, error }
 */
import { systemClock } from '../../emulator/clock.js';
import { startEmulator } from '../../emulator/start-emulator.js';
import { startRheaRelay } from './rhea-relay.js';

export type TargetKind = 'emulator' | 'relay';
export type TargetOperation = { op: 'createQueue'; name: string } | { op: 'memory' } | { op: 'close' };
export type TargetRequest = { id: number } & TargetOperation;
export type TargetReply =
  | { op: 'ready'; connectionString: string }
  | { id: number; ok: true; rss?: number; heapUsed?: number; queued?: number }
  | { id: number; ok: false; error: string };

const kind = process.argv[2] as TargetKind;
if (kind !== 'emulator' && kind !== 'relay')
  throw new Error(`usage: service-bus-target.js emulator|relay, got ${String(process.argv[2])}`);

const reply = (message: TargetReply) => process.send?.(message);

const target =
  kind === 'emulator'
    ? await (async () => {
        const emulator = await startEmulator({
          amqpPort: 0,
          eventGridPort: 0,
          adminPort: 0,
          clock: systemClock,
        });
        return {
          connectionString: emulator.connectionString,
          createQueue: (name: string) => emulator.serviceBus.createQueue({ Name: name }),
          queued: () => undefined,
          close: () => emulator.close(),
        };
      })()
    : await (async () => {
        const relay = await startRheaRelay();
        return {
          connectionString:
            `Endpoint=sb://localhost:${relay.port};SharedAccessKeyName=RootManageSharedAccessKey;` +
            'SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true;',
          createQueue: () => {},
          queued: () => relay.queued(),
          close: () => relay.close(),
        };
      })();

process.on('message', (request: TargetRequest) => {
  void (async () => {
    try {
      switch (request.op) {
        case 'createQueue':
          target.createQueue(request.name);
          reply({ id: request.id, ok: true });
          break;
        case 'memory': {
          // Collect garbage first when allowed (--expose-gc): the figure is what the queued messages really hold.
          (globalThis as { gc?: () => void }).gc?.();
          const { rss, heapUsed } = process.memoryUsage();
          const queued = target.queued();
          reply({ id: request.id, ok: true, rss, heapUsed, ...(queued === undefined ? {} : { queued }) });
          break;
        }
        case 'close':
          await target.close();
          reply({ id: request.id, ok: true });
          process.disconnect();
          // The parent is done with us; do not wait for anything the target might have left behind.
          process.exit(0);
      }
    } catch (error) {
      reply({ id: request.id, ok: false, error: String((error as Error)?.stack ?? error) });
    }
  })();
});
reply({ op: 'ready', connectionString: target.connectionString });
