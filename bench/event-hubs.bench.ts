/**
 * Event Hubs emulator benchmark: the real @azure/event-hubs SDK in this process, the broker in a child process (this
 * same file, started with `--serve emulator|null`), and the same publishing workload run against a null broker that
 * accepts and drops every transfer, as the same-run ceiling.
 *
 *   this process (SDK producers + consumers)  --AMQP-->  child process (emulator | null broker)
 *
 * For batches of 100 events of 256 B: publish rate, consume rate with one consumer per partition, and
 * publish-to-receive latency (p50/p99) at a fixed 1,000 events/s. Latency is measured twice: with a consumer wait
 * under 20 ms (the target row), and with the SDK's default wait, where the SDK itself holds a batch's first event
 * 20 ms for more to arrive, whatever the broker does. CPU use of both processes shows which side limits each phase.
 * Targets: >= 50,000 events/s published and consumed, >= 0.35 of the null broker's publish rate, p99 <= 20 ms.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import {
  EventHubConsumerClient,
  EventHubProducerClient,
  earliestEventPosition,
  latestEventPosition,
  type EventData,
} from '@azure/event-hubs';
import { systemClock } from '../emulator/clock.js';
import { startEmulator } from '../emulator/start-emulator.js';
import { startNullBroker } from './support/null-broker.js';

const partitionCount = 4;
const batchSize = 100;
const eventBytes = 256;
const throughputEvents = 300_000;
/** Batches in flight at once from the producer, spread over the partitions. */
const publishConcurrency = 8;
/**
 * Events each consumer asks for ahead. The SDK tops its link credit up only when fewer than a batch are queued, and
 * then waits 20 ms for the batch to fill, so a partition cannot be read faster than prefetchCount per 20 ms.
 */
const prefetchCount = 2_000;
const latencyRatePerSecond = 1_000;
const latencySeconds = 10;
const hub = 'bench';

const targets = { publishRate: 50_000, consumeRate: 50_000, ceilingRatio: 0.35, p99Ms: 20 } as const;

type TargetKind = 'emulator' | 'null';
type ChildMessage = { op: 'ready'; port: number } | { op: 'cpu'; micros: number };
type ParentMessage = { op: 'close' } | { op: 'cpu' };

// ---- child process: serve one broker until told to stop -----------------------------------------------------------

async function serve(kind: TargetKind): Promise<void> {
  const broker =
    kind === 'emulator'
      ? await startEmulator({
          amqpPort: 0,
          eventGridPort: 0,
          adminPort: 0,
          clock: systemClock,
          config: {
            UserConfig: {
              NamespaceConfig: [
                {
                  Type: 'EventHub',
                  Name: 'bench',
                  Entities: [{ Name: hub, PartitionCount: partitionCount }],
                },
              ],
            },
          },
        }).then((emulator) => ({ port: emulator.amqpPort, close: () => emulator.close() }))
      : await startNullBroker();
  process.on('message', (message: ParentMessage) => {
    if (message.op === 'cpu') {
      const { user, system } = process.cpuUsage();
      process.send?.({ op: 'cpu', micros: user + system } satisfies ChildMessage);
      return;
    }
    void broker.close().then(() => process.exit(0));
  });
  process.send?.({ op: 'ready', port: broker.port } satisfies ChildMessage);
}

// ---- parent process: drive the SDK ---------------------------------------------------------------------------------

class Target {
  private constructor(
    readonly kind: TargetKind,
    readonly child: ChildProcess,
    readonly connectionString: string,
  ) {}

  static async start(kind: TargetKind): Promise<Target> {
    const child = fork(fileURLToPath(import.meta.url), ['--serve', kind], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const [ready] = (await once(child, 'message')) as [ChildMessage];
    if (ready.op !== 'ready') throw new Error(`${kind} did not start`);
    const connectionString =
      `Endpoint=sb://localhost:${ready.port};SharedAccessKeyName=RootManageSharedAccessKey;` +
      `SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true;EntityPath=${hub}`;
    return new Target(kind, child, connectionString);
  }

  /** CPU time (user + system, µs) the broker process has used so far. */
  async cpuMicros(): Promise<number> {
    const reply = once(this.child, 'message') as Promise<[ChildMessage]>;
    this.child.send({ op: 'cpu' } satisfies ParentMessage);
    const [message] = await reply;
    return message.op === 'cpu' ? message.micros : Number.NaN;
  }

  async close(): Promise<void> {
    const exited = once(this.child, 'exit');
    this.child.send({ op: 'close' } satisfies ParentMessage);
    await exited;
  }
}

const payload = randomBytes(eventBytes);
const batchOf = (): EventData[] => Array.from({ length: batchSize }, () => ({ body: payload }));

/** Prints a progress line each time `done` passes another tenth of `total`. */
function progressPrinter(label: string, total: number): (done: number) => void {
  let nextMark = total / 10;
  return (done) => {
    if (done < nextMark && done < total) return;
    while (nextMark <= done) nextMark += total / 10;
    process.stdout.write(
      `    ${label}: ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')}\n`,
    );
  };
}

/** Publishes `total` events in batches of 100, `publishConcurrency` batches in flight, partitions in turn. */
async function publish(connectionString: string, total: number): Promise<number> {
  const producer = new EventHubProducerClient(connectionString);
  const printProgress = progressPrinter('published', total);
  // Attach every partition's link first, so the rate is the steady state.
  await Promise.all(
    Array.from({ length: partitionCount }, (_, p) =>
      producer.sendBatch([{ body: 'warm-up' }], { partitionId: String(p) }),
    ),
  );
  let claimed = 0;
  let published = 0;
  const started = performance.now();
  const lane = async (laneIndex: number): Promise<void> => {
    for (let batch = laneIndex; claimed < total; batch += publishConcurrency) {
      claimed += batchSize;
      await producer.sendBatch(batchOf(), { partitionId: String(batch % partitionCount) });
      published += batchSize;
      printProgress(published);
    }
  };
  await Promise.all(Array.from({ length: publishConcurrency }, (_, i) => lane(i)));
  const rate = published / ((performance.now() - started) / 1000);
  await producer.close();
  return rate;
}

/** Reads `total` events with one consumer client (one connection) per partition, from the earliest event. */
async function consume(connectionString: string, total: number): Promise<number> {
  const clients = Array.from(
    { length: partitionCount },
    () => new EventHubConsumerClient('$default', connectionString),
  );
  const printProgress = progressPrinter('consumed', total);
  let consumed = 0;
  let failure: Error | undefined;
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const started = performance.now();
  const subscriptions = clients.map((client, p) =>
    client.subscribe(
      String(p),
      {
        processEvents: (events) => {
          consumed += events.length;
          printProgress(consumed);
          if (consumed >= total) finish();
          return Promise.resolve();
        },
        processError: (error) => {
          failure ??= error;
          finish();
          return Promise.resolve();
        },
      },
      // The bodies are binary: without skipParsingBodyAsJson the SDK tries (and fails) to parse each one as JSON.
      {
        startPosition: earliestEventPosition,
        maxBatchSize: batchSize,
        prefetchCount,
        skipParsingBodyAsJson: true,
      },
    ),
  );
  // Give up after two minutes, and cancel that timer once done so it does not hold the process open.
  const giveUp = new AbortController();
  await Promise.race([done, sleep(120_000, undefined, { signal: giveUp.signal }).catch(() => {})]);
  giveUp.abort();
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(subscriptions.map((subscription) => subscription.close()));
  await Promise.all(clients.map((client) => client.close()));
  if (failure) throw failure;
  return consumed >= total ? consumed / seconds : Number.NaN;
}

/**
 * Publishes 1,000 events/s (a batch of 10 every 10 ms, partitions in turn) for `latencySeconds`, each carrying its
 * send time, and measures when the consumer's processEvents sees it. `maxWaitTimeInSeconds` is the consumer's: with
 * the default, the SDK holds the first event of a batch 20 ms for more to arrive; a wait under 20 ms cuts that short.
 */
async function latency(connectionString: string, maxWaitTimeInSeconds: number): Promise<Latency> {
  const perBatch = 10;
  const batches = (latencyRatePerSecond / perBatch) * latencySeconds;
  const producer = new EventHubProducerClient(connectionString);
  const clients = Array.from(
    { length: partitionCount },
    () => new EventHubConsumerClient('$default', connectionString),
  );
  const samples: number[] = [];
  const subscriptions = clients.map((client, p) =>
    client.subscribe(
      String(p),
      {
        processEvents: (events) => {
          const now = performance.now();
          for (const event of events) {
            const sentAt: unknown = event.properties?.['sentAt'];
            if (typeof sentAt === 'number') samples.push(now - sentAt);
          }
          return Promise.resolve();
        },
        processError: () => Promise.resolve(),
      },
      {
        startPosition: latestEventPosition,
        maxBatchSize: perBatch,
        maxWaitTimeInSeconds,
        skipParsingBodyAsJson: true,
      },
    ),
  );
  await Promise.all(
    Array.from({ length: partitionCount }, (_, p) =>
      producer.sendBatch([{ body: 'warm-up' }], { partitionId: String(p) }),
    ),
  );
  // The readers attach in the background; give them a moment so no sample pays for it.
  await sleep(1_000);
  const printProgress = progressPrinter('latency batches sent', batches);
  const started = performance.now();
  const sends: Array<Promise<void>> = [];
  for (let i = 0; i < batches; i++) {
    const due = started + (i * 1000 * perBatch) / latencyRatePerSecond;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const sentAt = performance.now();
    sends.push(
      producer.sendBatch(
        Array.from({ length: perBatch }, () => ({ body: payload, properties: { sentAt } })),
        { partitionId: String(i % partitionCount) },
      ),
    );
    printProgress(i + 1);
  }
  await Promise.all(sends);
  const deadline = performance.now() + 10_000;
  while (samples.length < batches * perBatch && performance.now() < deadline) await sleep(20);
  await Promise.all(subscriptions.map((subscription) => subscription.close()));
  await Promise.all([producer.close(), ...clients.map((client) => client.close())]);
  const sorted = samples.sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return { p50: at(0.5), p99: at(0.99), samples: sorted.length, expected: batches * perBatch };
}

interface Latency {
  p50: number;
  p99: number;
  samples: number;
  expected: number;
}

interface Phase<T> {
  result: T;
  /** CPU cores busy on average during the phase, in this process (the SDK) and in the broker's. */
  sdkCores: number;
  brokerCores: number;
}

/** Runs one phase and reports how busy each process was meanwhile: the figure says which side is the limit. */
async function phase<T>(target: Target, run: () => Promise<T>): Promise<Phase<T>> {
  const brokerBefore = await target.cpuMicros();
  const sdkBefore = process.cpuUsage();
  const started = performance.now();
  const result = await run();
  const micros = (performance.now() - started) * 1000;
  const sdk = process.cpuUsage(sdkBefore);
  const broker = (await target.cpuMicros()) - brokerBefore;
  return { result, sdkCores: (sdk.user + sdk.system) / micros, brokerCores: broker / micros };
}

async function main(): Promise<void> {
  process.stdout.write(
    `Event Hubs benchmark: ${partitionCount} partitions, batches of ${batchSize} x ${eventBytes} B events\n`,
  );

  process.stdout.write('\n== emulator (child process)\n');
  const emulator = await Target.start('emulator');
  let published: Phase<number>;
  let consumed: Phase<number>;
  let promptLatency: Latency;
  let batchingLatency: Latency;
  try {
    process.stdout.write(
      `  publish ${throughputEvents.toLocaleString('en-US')} events, ${publishConcurrency} batches in flight\n`,
    );
    published = await phase(emulator, () => publish(emulator.connectionString, throughputEvents));
    process.stdout.write(`  consume them, one consumer per partition\n`);
    consumed = await phase(emulator, () =>
      consume(emulator.connectionString, throughputEvents + partitionCount),
    );
    process.stdout.write(
      `  publish-to-receive latency at ${latencyRatePerSecond.toLocaleString('en-US')} events/s for ${latencySeconds} s, consumer maxWaitTimeInSeconds 0.005\n`,
    );
    promptLatency = await latency(emulator.connectionString, 0.005);
    process.stdout.write(
      `  the same with the SDK's batching wait (maxWaitTimeInSeconds 1: 20 ms after a batch's first event)\n`,
    );
    batchingLatency = await latency(emulator.connectionString, 1);
  } finally {
    await emulator.close();
  }

  process.stdout.write('\n== null broker (child process): accepts and drops\n');
  const nullBroker = await Target.start('null');
  let ceiling: Phase<number>;
  try {
    process.stdout.write(
      `  publish ${throughputEvents.toLocaleString('en-US')} events, ${publishConcurrency} batches in flight\n`,
    );
    ceiling = await phase(nullBroker, () => publish(nullBroker.connectionString, throughputEvents));
  } finally {
    await nullBroker.close();
  }
  const figures = {
    publishRate: published.result,
    consumeRate: consumed.result,
    p50: promptLatency.p50,
    p99: promptLatency.p99,
  };

  const latencyRow = (label: string, l: Latency) =>
    `  ${label.padEnd(48)}${l.p50.toFixed(2).padStart(8)}${l.p99.toFixed(2).padStart(10)}${`${l.samples}/${l.expected}`.padStart(12)}`;
  const rate = (value: number) =>
    Number.isNaN(value) ? 'stalled' : Math.round(value).toLocaleString('en-US');
  const ratio = figures.publishRate / ceiling.result;
  const cores = (p: Phase<number>) => `${p.sdkCores.toFixed(2)} / ${p.brokerCores.toFixed(2)}`;
  const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
  process.stdout.write(
    [
      '',
      `Event Hubs, batches of ${batchSize} x ${eventBytes} B, ${partitionCount} partitions`,
      `${'metric'.padEnd(40)}${'emulator'.padStart(12)}${'null broker'.padStart(13)}${'ratio'.padStart(8)}`,
      `${'publish (events/s)'.padEnd(40)}${rate(figures.publishRate).padStart(12)}${rate(ceiling.result).padStart(13)}${ratio.toFixed(2).padStart(8)}`,
      `${'consume, 1 consumer/partition (events/s)'.padEnd(40)}${rate(figures.consumeRate).padStart(12)}${'-'.padStart(13)}${'-'.padStart(8)}`,
      '',
      `Publish-to-receive latency at ${latencyRatePerSecond.toLocaleString('en-US')} events/s (ms)           p50       p99   samples`,
      latencyRow('consumer maxWaitTimeInSeconds 0.005', promptLatency),
      latencyRow('maxWaitTimeInSeconds 1 (SDK holds 20 ms)', batchingLatency),
      '',
      'CPU cores busy, SDK process / broker process (1.00 = one core all the time)',
      `  publish to the emulator     ${cores(published)}`,
      `  publish to the null broker  ${cores(ceiling)}`,
      `  consume from the emulator   ${cores(consumed)}`,
      '',
      'Targets',
      `  publish >= ${targets.publishRate.toLocaleString('en-US')} events/s: ${verdict(figures.publishRate >= targets.publishRate)}`,
      `  consume >= ${targets.consumeRate.toLocaleString('en-US')} events/s: ${verdict(figures.consumeRate >= targets.consumeRate)}`,
      `  publish >= ${targets.ceilingRatio} x null broker: ${verdict(ratio >= targets.ceilingRatio)}`,
      `  p99 <= ${targets.p99Ms} ms at ${latencyRatePerSecond.toLocaleString('en-US')} events/s: ${verdict(figures.p99 <= targets.p99Ms)}`,
      '',
    ].join('\n'),
  );
}

const serveIndex = process.argv.indexOf('--serve');
if (serveIndex >= 0) await serve(process.argv[serveIndex + 1] as TargetKind);
else await main();
