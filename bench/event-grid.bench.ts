/**
 * Event Grid emulator benchmark: publish rate and publish-to-delivery latency for 1 KB events pushed to a local
 * webhook, against a same-run baseline of bare node:http doing the same two hops between the same two processes.
 *
 *   this process (publisher + webhook)  --publish-->  child process (emulator | bare relay)  --POST-->  webhook
 *
 * Targets: >= 5,000 events/s published and delivered; delivery p99 <= 20 ms at 1,000 events/s.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { Agent, createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { AzureKeyCredential, EventGridPublisherClient, type SendEventGridEventInput } from '@azure/eventgrid';
import { systemClock } from '../emulator/clock.js';
import { startEventGrid } from '../emulator/event-grid/start-event-grid.js';

const topicName = 'bench';

const throughputEvents = 50_000;
const publishBatch = 100;
const publishConcurrency = 8;
const latencyRate = 1_000;
const latencySeconds = 5;

interface ChildEndpoints {
  topicEndpoint: string;
  relayUrl: string;
}

/** The child process: the emulator with one subscription to the webhook, and the bare relay baseline. */
async function runChild(webhookUrl: string, key: string): Promise<void> {
  const eventGrid = await startEventGrid({
    port: 0,
    clock: systemClock,
    config: {
      Topics: [
        {
          name: topicName,
          key,
          subscriptions: [
            {
              name: 'bench',
              properties: {
                destination: { endpointType: 'WebHook', properties: { endpointUrl: webhookUrl } },
              },
            },
          ],
        },
      ],
    },
  });
  // The baseline: what the emulator does, in bare node:http. Answer the publisher, then POST each event on its own.
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const target = new URL(webhookUrl);
  const relay = createServer((incoming, answer) => {
    void readBody(incoming).then((body) => {
      answer.writeHead(200, { 'content-length': 0 }).end();
      for (const event of JSON.parse(body) as unknown[]) {
        const text = JSON.stringify([event]);
        const outgoing = request(target, {
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(text),
            'aeg-event-type': 'Notification',
          },
        });
        outgoing.on('response', (response) => response.resume());
        outgoing.on('error', () => {});
        outgoing.end(text);
      }
    });
  });
  relay.listen(0, '127.0.0.1');
  await once(relay, 'listening');
  const endpoints: ChildEndpoints = {
    topicEndpoint: eventGrid.topicEndpoint(topicName),
    relayUrl: `http://127.0.0.1:${(relay.address() as AddressInfo).port}/relay`,
  };
  process.stdout.write(`${JSON.stringify(endpoints)}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => {
    void eventGrid.close().then(() => {
      relay.close();
      agent.destroy();
    });
  });
}

async function runBenchmark(): Promise<void> {
  const webhook = await startWebhook();
  const key = randomBytes(32).toString('base64');
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--child', webhook.url, key], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
  const endpoints = JSON.parse(line) as ChildEndpoints;
  const client = new EventGridPublisherClient(
    endpoints.topicEndpoint,
    'EventGrid',
    new AzureKeyCredential(key),
    {
      allowInsecureConnection: true,
      retryOptions: { maxRetries: 0 },
    },
  );
  const sdk: Publish = (events) => client.send(events);
  const bareToEmulator = createBarePublisher(`${endpoints.topicEndpoint}?api-version=2018-01-01`, {
    'aeg-sas-key': key,
  });
  const bareToRelay = createBarePublisher(endpoints.relayUrl, {});
  const runs = [
    { label: 'emulator, SDK publisher', publish: sdk },
    { label: 'emulator, node:http publisher', publish: bareToEmulator },
    { label: 'baseline, bare node:http relay', publish: bareToRelay },
  ];

  log(`Event Grid emulator benchmark: 1 KB events, Node ${process.version}, emulator in a child process`);
  log('warming up');
  for (const run of runs) await throughput(`warm-up ${run.label}`, run.publish, webhook, 2_000);

  // Latency first: after the saturation phase both processes carry a grown heap whose collection pauses would be
  // measured as delivery latency, for the baseline as much as for the emulator.
  const latencies: Percentiles[] = [];
  for (const run of runs) latencies.push(await latency(run.label, run.publish, webhook));
  const rates: Rates[] = [];
  for (const run of runs) rates.push(await throughput(run.label, run.publish, webhook, throughputEvents));

  const n = (value: number): string => Math.round(value).toLocaleString('en-US');
  const ms = (value: number): string => value.toFixed(2);
  const ratio = (value: number, base: number): string => (value / base).toFixed(2);
  const column = (text: string): string => text.padEnd(36);
  const [sdkLatency, bareLatency, baselineLatency] = latencies as [Percentiles, Percentiles, Percentiles];
  const [sdkRate, bareRate, baselineRate] = rates as [Rates, Rates, Rates];
  log('');
  log(
    `Publish-to-delivery latency at ${n(latencyRate)} events/s for ${latencySeconds} s, one event per publish`,
  );
  runs.forEach((run, i) => {
    const { p50, p99 } = latencies[i] as Percentiles;
    log(`  ${column(run.label)} p50 ${ms(p50)} ms, p99 ${ms(p99)} ms`);
  });
  log(
    `  ${column('ratio to baseline (SDK / node:http)')} p50 ${ratio(sdkLatency.p50, baselineLatency.p50)} / ${ratio(bareLatency.p50, baselineLatency.p50)}, p99 ${ratio(sdkLatency.p99, baselineLatency.p99)} / ${ratio(bareLatency.p99, baselineLatency.p99)}`,
  );
  log(
    `Throughput: ${n(throughputEvents)} events, published in batches of ${publishBatch}, ${publishConcurrency} requests in flight`,
  );
  runs.forEach((run, i) => {
    const { published, delivered } = rates[i] as Rates;
    log(`  ${column(run.label)} published ${n(published)} ev/s, delivered ${n(delivered)} ev/s`);
  });
  log(
    `  ${column('ratio to baseline (SDK / node:http)')} published ${ratio(sdkRate.published, baselineRate.published)} / ${ratio(bareRate.published, baselineRate.published)}, delivered ${ratio(sdkRate.delivered, baselineRate.delivered)} / ${ratio(bareRate.delivered, baselineRate.delivered)}`,
  );
  const rateMet = sdkRate.published >= 5_000 && sdkRate.delivered >= 5_000;
  log(`Target >= 5,000 events/s published and delivered (SDK publisher): ${rateMet ? 'met' : 'NOT met'}`);
  log(
    `Target delivery p99 <= 20 ms at 1,000 events/s (SDK publisher): ${sdkLatency.p99 <= 20 ? 'met' : 'NOT met'}`,
  );

  child.stdin.end();
  await once(child, 'exit');
  await webhook.close();
}

interface Payload {
  sequence: number;
  sentAt: number;
  padding: string;
}

/** Sized so one serialized Event Grid event is about 1 KB. */
const padding = 'x'.repeat(780);

function eventsFrom(first: number, count: number): SendEventGridEventInput<Payload>[] {
  return Array.from({ length: count }, (_, i) => ({
    eventType: 'Bench.Measured',
    subject: `bench/${first + i}`,
    dataVersion: '1.0',
    data: { sequence: first + i, sentAt: performance.now(), padding },
  }));
}

type Publish = (events: SendEventGridEventInput<Payload>[]) => Promise<void>;

interface Rates {
  published: number;
  delivered: number;
}

interface Percentiles {
  p50: number;
  p99: number;
}

async function throughput(label: string, publish: Publish, webhook: Webhook, total: number): Promise<Rates> {
  webhook.reset(total);
  const started = performance.now();
  let next = 0;
  let acknowledged = 0;
  const progress = setInterval(
    () =>
      log(
        `  ${label}: ${acknowledged.toLocaleString('en-US')} published, ${webhook.received.toLocaleString('en-US')} delivered`,
      ),
    1000,
  );
  const worker = async (): Promise<void> => {
    while (next < total) {
      const first = next;
      const count = Math.min(publishBatch, total - first);
      next += count;
      await publish(eventsFrom(first, count));
      acknowledged += count;
    }
  };
  await Promise.all(Array.from({ length: publishConcurrency }, worker));
  const publishedIn = performance.now() - started;
  await webhook.allReceived;
  const deliveredIn = performance.now() - started;
  clearInterval(progress);
  if (!label.startsWith('warm-up')) log(`  ${label}: ${total.toLocaleString('en-US')} events done`);
  return { published: (total / publishedIn) * 1000, delivered: (total / deliveredIn) * 1000 };
}

async function latency(
  label: string,
  publish: Publish,
  webhook: Webhook,
): Promise<{ p50: number; p99: number }> {
  const total = latencyRate * latencySeconds;
  webhook.reset(total);
  log(`  ${label}: ${latencyRate} events/s for ${latencySeconds} s`);
  // One event per millisecond, evenly paced: a steady 1,000 events/s rather than bursts.
  const interval = 1000 / latencyRate;
  const started = performance.now();
  const sends: Promise<void>[] = [];
  for (let sent = 0; sent < total; sent++) {
    const wait = started + sent * interval - performance.now();
    if (wait > 0) await sleep(wait);
    sends.push(publish(eventsFrom(sent, 1)));
    if (sent % latencyRate === 0 && sent > 0) {
      log(
        `  ${label}: ${sent.toLocaleString('en-US')} sent, ${webhook.received.toLocaleString('en-US')} delivered`,
      );
    }
  }
  await Promise.all(sends);
  await webhook.allReceived;
  const sorted = [...webhook.latencies].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { p50: at(0.5), p99: at(0.99) };
}

interface Webhook {
  url: string;
  received: number;
  latencies: number[];
  allReceived: Promise<void>;
  reset(expected: number): void;
  close(): Promise<void>;
}

/** The subscriber: answers the validation handshake and records when each event arrives. */
async function startWebhook(): Promise<Webhook> {
  let expected = 0;
  let done: () => void = () => {};
  const state: Webhook = {
    url: '',
    received: 0,
    latencies: [],
    allReceived: Promise.resolve(),
    reset(count) {
      expected = count;
      state.received = 0;
      state.latencies = [];
      state.allReceived = new Promise((resolve) => (done = resolve));
    },
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
  const server = createServer((incoming: IncomingMessage, answer: ServerResponse) => {
    void readBody(incoming).then((body) => {
      const events = JSON.parse(body) as { data: Payload & { validationCode?: string } }[];
      if (incoming.headers['aeg-event-type'] === 'SubscriptionValidation') {
        answer.writeHead(200, { 'content-type': 'application/json' });
        answer.end(JSON.stringify({ validationResponse: events[0]?.data.validationCode }));
        return;
      }
      answer.writeHead(200, { 'content-length': 0 }).end();
      const now = performance.now();
      for (const event of events) state.latencies.push(now - event.data.sentAt);
      state.received += events.length;
      if (state.received >= expected) done();
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`;
  return state;
}

/** Publishes the JSON array the SDK would send, with bare node:http. */
function createBarePublisher(url: string, headers: Record<string, string>): Publish {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const target = new URL(url);
  return (events) =>
    new Promise((resolve, reject) => {
      const text = JSON.stringify(
        events.map((event) => ({ ...event, id: randomBytes(16).toString('hex'), eventTime: new Date() })),
      );
      const outgoing = request(target, {
        method: 'POST',
        agent,
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(text),
        },
      });
      outgoing.on('response', (response) => {
        response.resume();
        response.on('end', resolve);
      });
      outgoing.on('error', reject);
      outgoing.end(text);
    });
}

function readBody(incoming: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    incoming.on('error', reject);
  });
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

// Last, so every module-level constant above is initialised before either role starts.
if (process.argv[2] === '--child') {
  await runChild(process.argv[3] ?? '', process.argv[4] ?? '');
} else {
  await runBenchmark();
}
