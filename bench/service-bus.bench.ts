/**
 * Service Bus emulator benchmark: the real @azure/service-bus SDK in this process, the broker in a child process
 * (so its RSS is its own), and the same workload run against a minimal rhea relay as the same-run baseline.
 *
 *   this process (SDK senders + receivers)  --AMQP-->  child process (emulator | rhea relay)
 *
 * For 1 KB messages: batch send rate, peek-lock receive+complete rate with concurrent receivers, send-to-receive
 * latency (p50/p99) at a steady rate, and the broker's RSS while it holds 100,000 queued messages.
 * Targets: receive+complete >= 5,000 msg/s and >= 0.5 x the relay; 100,000 queued messages in <= 300 MB RSS.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { ServiceBusClient, type ServiceBusSender } from '@azure/service-bus';
import type {
  TargetKind,
  TargetOperation,
  TargetReply,
  TargetRequest,
} from './support/service-bus-target.js';

const messageBytes = 1024;
const throughputMessages = 40_000;
const sendConcurrency = 4;
const receiverCount = 4;
const callsPerReceiver = 16;
const latencyRatePerSecond = 500;
const latencyMessages = 2_000;
const heldMessages = 100_000;

const targets = {
  receiveRate: 5_000,
  relayRatio: 0.5,
  heldRssMb: 300,
};

interface Figures {
  sendRate: number;
  receiveRate: number;
  p50: number;
  p99: number;
  idleRssMb: number;
  heldRssMb: number;
}

/** A broker in its own process, driven over IPC. */
class Target {
  #nextId = 0;
  #pending = new Map<number, (reply: TargetReply) => void>();

  private constructor(
    readonly kind: TargetKind,
    readonly child: ChildProcess,
    readonly connectionString: string,
  ) {
    child.on('message', (reply: TargetReply) => {
      if ('id' in reply) {
        this.#pending.get(reply.id)?.(reply);
        this.#pending.delete(reply.id);
      }
    });
  }

  static async start(kind: TargetKind): Promise<Target> {
    const script = fileURLToPath(new URL('./support/service-bus-target.js', import.meta.url));
    const child = fork(script, [kind], {
      execArgv: ['--expose-gc'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const [ready] = (await once(child, 'message')) as [TargetReply];
    if (!('op' in ready) || ready.op !== 'ready')
      throw new Error(`${kind} did not start: ${JSON.stringify(ready)}`);
    return new Target(kind, child, ready.connectionString);
  }

  async request(request: TargetOperation): Promise<Extract<TargetReply, { ok: true }>> {
    const id = ++this.#nextId;
    const reply = await new Promise<TargetReply>((resolve) => {
      this.#pending.set(id, resolve);
      const message: TargetRequest = { ...request, id };
      this.child.send(message);
    });
    if (!('ok' in reply) || !reply.ok)
      throw new Error(`${this.kind} ${request.op} failed: ${JSON.stringify(reply)}`);
    return reply;
  }

  async rssMb(): Promise<number> {
    const { rss } = await this.request({ op: 'memory' });
    return (rss ?? 0) / 1024 / 1024;
  }

  async close(): Promise<void> {
    const exited = once(this.child, 'exit');
    await this.request({ op: 'close' }).catch(() => this.child.kill());
    await exited;
  }
}

const body = randomBytes(messageBytes);

async function sendInBatches(
  sender: ServiceBusSender,
  total: number,
  progress: (sent: number) => void,
): Promise<void> {
  let claimed = 0;
  let sent = 0;
  const lane = async () => {
    while (claimed < total) {
      const batch = await sender.createMessageBatch();
      let count = 0;
      while (claimed < total && batch.tryAddMessage({ body })) {
        claimed++;
        count++;
      }
      await sender.sendMessages(batch);
      sent += count;
      progress(sent);
    }
  };
  await Promise.all(Array.from({ length: sendConcurrency }, lane));
}

/** Prints a progress line each time `done` passes another tenth of `total`. */
function progressPrinter(label: string, total: number): (done: number) => void {
  const started = performance.now();
  let nextMark = total / 10;
  return (done) => {
    if (done < nextMark && done < total) return;
    while (nextMark <= done) nextMark += total / 10;
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    process.stdout.write(
      `    ${label}: ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} (${seconds} s)\n`,
    );
  };
}

const stallSeconds = 10;

/** Receives and completes `total` messages; a broker that stops delivering for 10 s ends the phase with no rate. */
async function receiveAndComplete(connectionString: string, queue: string, total: number): Promise<number> {
  const clients = Array.from({ length: receiverCount }, () => new ServiceBusClient(connectionString));
  const printProgress = progressPrinter('received and completed', total);
  let completed = 0;
  let failure: Error | undefined;
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const started = performance.now();
  let lastCompletion = started;
  const subscriptions = clients.map((client) => {
    const receiver = client.createReceiver(queue, { maxAutoLockRenewalDurationInMs: 0 });
    return receiver.subscribe(
      {
        async processMessage(message) {
          await receiver.completeMessage(message);
          completed++;
          lastCompletion = performance.now();
          printProgress(completed);
          if (completed === total) finish();
        },
        processError({ error }) {
          failure ??= error;
          finish();
          return Promise.resolve();
        },
      },
      { maxConcurrentCalls: callsPerReceiver, autoCompleteMessages: false },
    );
  });
  let seen = -1;
  const watchdog = setInterval(() => {
    if (completed === seen) {
      const rateBefore = completed / ((lastCompletion - started) / 1000);
      process.stdout.write(
        `    STALLED: no completion for ${stallSeconds} s after ${completed.toLocaleString('en-US')} ` +
          `(${Math.round(rateBefore).toLocaleString('en-US')} msg/s until then)\n`,
      );
      finish();
    }
    seen = completed;
  }, stallSeconds * 1000);
  await done;
  clearInterval(watchdog);
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(subscriptions.map((s) => s.close()));
  await Promise.all(clients.map((c) => c.close()));
  if (failure) throw failure;
  return completed === total ? total / seconds : Number.NaN;
}

async function latency(connectionString: string, queue: string): Promise<{ p50: number; p99: number }> {
  const sending = new ServiceBusClient(connectionString);
  const receiving = new ServiceBusClient(connectionString);
  const receiver = receiving.createReceiver(queue, { maxAutoLockRenewalDurationInMs: 0 });
  const samples: number[] = [];
  let allReceived!: () => void;
  let warmedUp!: () => void;
  const done = new Promise<void>((resolve) => (allReceived = resolve));
  const warm = new Promise<void>((resolve) => (warmedUp = resolve));
  const subscription = receiver.subscribe(
    {
      async processMessage(message) {
        const sentAt = message.applicationProperties?.['sentAt'];
        if (typeof sentAt === 'number') samples.push(performance.now() - sentAt);
        await receiver.completeMessage(message);
        if (sentAt === undefined) warmedUp();
        if (samples.length === latencyMessages) allReceived();
      },
      async processError() {},
    },
    { maxConcurrentCalls: callsPerReceiver, autoCompleteMessages: false },
  );
  const sender = sending.createSender(queue);
  // One round trip first, so no sample pays for attaching the links.
  await sender.sendMessages({ body: 'warm-up' });
  await warm;
  const printProgress = progressPrinter('latency samples sent', latencyMessages);
  const started = performance.now();
  const sends: Promise<void>[] = [];
  for (let i = 0; i < latencyMessages; i++) {
    const due = started + (i * 1000) / latencyRatePerSecond;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    sends.push(sender.sendMessages({ body, applicationProperties: { sentAt: performance.now() } }));
    printProgress(i + 1);
  }
  await Promise.all(sends);
  const arrived = await Promise.race([done.then(() => true), sleep(30_000).then(() => false)]);
  if (!arrived)
    process.stdout.write(`    STALLED: ${samples.length} of ${latencyMessages} samples arrived in 30 s\n`);
  await subscription.close();
  await Promise.all([sending.close(), receiving.close()]);
  if (!arrived) return { p50: Number.NaN, p99: Number.NaN };
  const sorted = samples.sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return { p50: at(0.5), p99: at(0.99) };
}

async function measure(kind: TargetKind): Promise<Figures> {
  process.stdout.write(`\n== ${kind}: throughput and latency, in a child process\n`);
  const target = await Target.start(kind);
  let rates: Pick<Figures, 'sendRate' | 'receiveRate' | 'p50' | 'p99'>;
  try {
    for (const name of ['throughput', 'latency']) await target.request({ op: 'createQueue', name });
    const client = new ServiceBusClient(target.connectionString);

    process.stdout.write(`  batch send of ${throughputMessages.toLocaleString('en-US')} x 1 KB\n`);
    const sendStarted = performance.now();
    await sendInBatches(
      client.createSender('throughput'),
      throughputMessages,
      progressPrinter('sent', throughputMessages),
    );
    const sendRate = throughputMessages / ((performance.now() - sendStarted) / 1000);
    await client.close();

    process.stdout.write(
      `  peek-lock receive + complete, ${receiverCount} receivers x ${callsPerReceiver} concurrent calls\n`,
    );
    const receiveRate = await receiveAndComplete(target.connectionString, 'throughput', throughputMessages);

    process.stdout.write(`  send-to-receive latency at ${latencyRatePerSecond} msg/s\n`);
    const { p50, p99 } = await latency(target.connectionString, 'latency');
    rates = { sendRate, receiveRate, p50, p99 };
  } finally {
    await target.close();
  }

  // A fresh process, so the figure is what holding the messages costs and nothing left over from the phases above.
  process.stdout.write(
    `== ${kind}: holding ${heldMessages.toLocaleString('en-US')} x 1 KB queued, in a new child process\n`,
  );
  const holder = await Target.start(kind);
  try {
    await holder.request({ op: 'createQueue', name: 'held' });
    const client = new ServiceBusClient(holder.connectionString);
    const idleRssMb = await holder.rssMb();
    await sendInBatches(client.createSender('held'), heldMessages, progressPrinter('queued', heldMessages));
    const heldRssMb = await holder.rssMb();
    await client.close();
    return { ...rates, idleRssMb, heldRssMb };
  } finally {
    await holder.close();
  }
}

// `node service-bus.bench.js relay` (or `emulator`) measures one side only, for profiling.
const only = process.argv[2] as TargetKind | undefined;
if (only) {
  process.stdout.write(`${JSON.stringify(await measure(only), null, 2)}\n`);
  process.exit(0);
}
const emulator = await measure('emulator');
const relay = await measure('relay');

const rows: Array<[string, (f: Figures) => number, string]> = [
  ['batch send (msg/s)', (f) => f.sendRate, 'rate'],
  ['receive + complete (msg/s)', (f) => f.receiveRate, 'rate'],
  ['latency p50 (ms)', (f) => f.p50, 'time'],
  ['latency p99 (ms)', (f) => f.p99, 'time'],
  ['RSS idle (MB)', (f) => f.idleRssMb, 'size'],
  [`RSS with ${heldMessages.toLocaleString('en-US')} queued (MB)`, (f) => f.heldRssMb, 'size'],
];
const format = (value: number, unit: string) =>
  Number.isNaN(value)
    ? 'stalled'
    : unit === 'rate'
      ? Math.round(value).toLocaleString('en-US')
      : value.toFixed(unit === 'time' ? 2 : 0);
process.stdout.write(
  `\nService Bus, 1 KB messages (emulator / relay: higher is better for rates, lower for the rest)\n`,
);
process.stdout.write(
  `${'metric'.padEnd(34)}${'emulator'.padStart(12)}${'relay'.padStart(12)}${'ratio'.padStart(9)}\n`,
);
for (const [label, pick, unit] of rows) {
  const e = pick(emulator);
  const r = pick(relay);
  process.stdout.write(
    `${label.padEnd(34)}${format(e, unit).padStart(12)}${format(r, unit).padStart(12)}${(Number.isNaN(e / r) ? '-' : (e / r).toFixed(2)).padStart(9)}\n`,
  );
}
const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
process.stdout.write(
  `\nTargets\n` +
    `  receive + complete >= ${targets.receiveRate.toLocaleString('en-US')} msg/s: ${verdict(emulator.receiveRate >= targets.receiveRate)}\n` +
    `  receive + complete >= ${targets.relayRatio} x relay: ${verdict(emulator.receiveRate >= targets.relayRatio * relay.receiveRate)}\n` +
    `  ${heldMessages.toLocaleString('en-US')} queued in <= ${targets.heldRssMb} MB RSS: ${verdict(emulator.heldRssMb <= targets.heldRssMb)}\n`,
);
