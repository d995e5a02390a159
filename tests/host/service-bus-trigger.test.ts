import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ServiceBusClient } from '@azure/service-bus';
import { ManualClock as EmulatorClock } from '../../emulator/clock.js';
import { type RunningEmulator, startEmulator } from '../../emulator/start-emulator.js';
import type { RunningHost, StartHostOptions } from '../../host/start-host.js';
import { fixtureEvents } from '../fixtures/host-apps/support/fixture-events.js';
import { startFixtureHost } from './support/fixture-host.js';
import { nextEvent, nextEvents, until } from './support/wait-for.js';

interface Delivery {
  functionName: string;
  message: unknown;
  triggerMetadata: Record<string, unknown>;
}

const entities = {
  UserConfig: {
    Namespaces: [
      {
        Name: 'sbemulatorns',
        Queues: [
          { Name: 'orders' },
          { Name: 'poison', Properties: { MaxDeliveryCount: 2 } },
          { Name: 'unsettled' },
          { Name: 'unsettled-failing' },
          { Name: 'parallel' },
          { Name: 'slow', Properties: { LockDuration: 'PT5S' } },
          { Name: 'sessions', Properties: { RequiresSession: true } },
          { Name: 'parked-sessions', Properties: { RequiresSession: true } },
        ],
        Topics: [{ Name: 'events', Subscriptions: [{ Name: 'audit' }] }],
      },
    ],
  },
};

/**
 * Runs `test` against a namespace of its own, so no other host of this file takes its messages, with a client to
 * send on; both are closed after. `clock`, when given, is the broker's time (locks run out when it is moved).
 */
async function inOwnNamespace(
  test: (own: { connectionString: string; sender: ServiceBusClient }) => Promise<void>,
  clock?: EmulatorClock,
): Promise<void> {
  const own = await startEmulator({
    amqpPort: 0,
    eventGridPort: 0,
    adminPort: 0,
    config: entities,
    ...(clock === undefined ? {} : { clock }),
  });
  const sender = new ServiceBusClient(own.connectionString);
  try {
    await test({ connectionString: own.connectionString, sender });
  } finally {
    await sender.close();
    await own.close();
  }
}

describe('Service Bus trigger configuration', () => {
  let emulator: RunningEmulator;

  // Runs before any host of this file puts ServiceBusConnection into process.env.
  before(async () => {
    emulator = await startEmulator({ amqpPort: 0, eventGridPort: 0, adminPort: 0, config: entities });
  });

  after(() => emulator.close());

  it('refuses to start, naming it, when a trigger names an entity the namespace does not have', async () => {
    await assert.rejects(
      startFixtureHost('service-bus-app', {
        settings: { ServiceBusConnection: emulator.connectionString, OrdersQueue: 'no-such-queue' },
      }),
      (error: Error & { problems?: string[] }) => {
        assert.deepEqual(error.problems, [
          `function 'onOrder': the Service Bus queue 'no-such-queue' does not exist`,
        ]);
        return true;
      },
    );
  });

  it('refuses to start, naming the settings, when the connection is missing or identity-based', async () => {
    await assert.rejects(
      startFixtureHost('service-bus-app', { settings: { OrdersQueue: 'orders' } }),
      (error: Error & { problems?: string[] }) => {
        assert.ok(
          error.problems?.includes(
            `function 'onOrder': Service Bus connection "ServiceBusConnection" does not exist: define the app setting ` +
              `"ServiceBusConnection" (a connection string) or "ServiceBusConnection__fullyQualifiedNamespace"`,
          ),
        );
        assert.equal(error.problems?.length, 9, 'one problem per Service Bus function');
        return true;
      },
    );
    await assert.rejects(
      startFixtureHost('service-bus-app', {
        settings: {
          ServiceBusConnection__fullyQualifiedNamespace: 'orders.servicebus.windows.net',
          OrdersQueue: 'orders',
        },
      }),
      { name: 'HostStartError', message: /connection "ServiceBusConnection" is identity-based/ },
    );
  });
});

describe('the Service Bus trigger', () => {
  let emulator: RunningEmulator;
  let client: ServiceBusClient;
  const others: RunningHost[] = [];

  const startApp = async (
    connectionString: string,
    options: Partial<StartHostOptions> = {},
  ): Promise<RunningHost> => {
    const { host: started } = await startFixtureHost('service-bus-app', {
      settings: { ServiceBusConnection: connectionString, OrdersQueue: 'orders' },
      ...options,
    });
    others.push(started);
    return started;
  };

  before(async () => {
    emulator = await startEmulator({ amqpPort: 0, eventGridPort: 0, adminPort: 0, config: entities });
    client = new ServiceBusClient(emulator.connectionString);
    await startApp(emulator.connectionString, {
      hostJson: { version: '2.0', extensions: { serviceBus: { maxConcurrentCalls: 2 } } },
    });
  });

  after(async () => {
    await Promise.all(others.map((running) => running.close()));
    await client.close();
    await emulator.close();
  });

  const send = (
    entity: string,
    ...messages: Parameters<ReturnType<ServiceBusClient['createSender']>['sendMessages']>[0][]
  ) => Promise.all(messages.map((message) => client.createSender(entity).sendMessages(message)));
  const deliveries = (functionName: string, count: number): Promise<Delivery[]> =>
    nextEvents<Delivery>(
      fixtureEvents,
      'service-bus',
      count,
      (delivery) => delivery.functionName === functionName,
    );
  const isEmpty = async (queue: string): Promise<boolean> =>
    (await client.createReceiver(queue).peekMessages(1)).length === 0;

  it('hands the function the body and the trigger metadata the host sends, camel-cased by the library', async () => {
    const delivered = deliveries('onOrder', 1);
    await send('orders', {
      body: { orderId: 'o-1' },
      messageId: 'm-1',
      correlationId: 'c-1',
      subject: 'OrderPlaced',
      contentType: 'application/json',
      replyTo: 'replies',
      applicationProperties: { TenantId: 'tenant-1', 'X-Attempt': 3 },
    });
    const [{ message, triggerMetadata }] = (await delivered) as [Delivery];
    assert.deepEqual(message, { orderId: 'o-1' });
    const { enqueuedTimeUtc, enqueuedTime, sequenceNumber, lockToken, ...rest } = triggerMetadata;
    assert.match(
      String(enqueuedTimeUtc),
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?$/,
      'a DateTime without zone',
    );
    assert.match(String(enqueuedTime), /\+00:00$/, 'a DateTimeOffset');
    assert.equal(typeof sequenceNumber, 'number');
    assert.match(String(lockToken), /^[0-9a-f-]{36}$/);
    assert.deepEqual(rest, {
      deliveryCount: 1,
      messageId: 'm-1',
      correlationId: 'c-1',
      subject: 'OrderPlaced',
      label: 'OrderPlaced',
      contentType: 'application/json',
      replyTo: 'replies',
      expiresAtUtc: '9999-12-31T23:59:59.9999999',
      expiresAt: '9999-12-31T23:59:59.9999999+00:00',
      applicationProperties: { tenantId: 'tenant-1', 'x-Attempt': 3 },
      userProperties: { tenantId: 'tenant-1', 'x-Attempt': 3 },
      messageReceiver: {},
      messageSession: {},
      messageActions: {},
      sessionActions: {},
      receiveActions: {},
    });
    await until(() => isEmpty('orders'));
  });

  it('abandons the message when the function throws, so it comes back with a higher delivery count', async () => {
    const delivered = deliveries('onOrder', 2);
    await send('orders', { body: { failUntilDelivery: 2 }, messageId: 'retry-me' });
    const counts = (await delivered).map(({ triggerMetadata }) => triggerMetadata.deliveryCount);
    assert.deepEqual(counts, [1, 2]);
    await until(() => isEmpty('orders'));
  });

  it("dead-letters the message once the entity's maxDeliveryCount deliveries have failed", async () => {
    const delivered = deliveries('onPoison', 2);
    await send('poison', { body: 'poison', messageId: 'p-1' });
    await delivered;
    const deadLetters = client.createReceiver('poison', { subQueueType: 'deadLetter' });
    const [deadLetter] = await deadLetters.receiveMessages(1, { maxWaitTimeInMs: 5000 });
    assert.ok(deadLetter);
    assert.equal(deadLetter.messageId, 'p-1');
    await deadLetters.completeMessage(deadLetter);
  });

  it('triggers on a topic subscription', async () => {
    const delivered = deliveries('onAudit', 1);
    await send('events', { body: 'audited', messageId: 'e-1' });
    const [{ message, triggerMetadata }] = (await delivered) as [Delivery];
    assert.equal(message, 'audited');
    assert.equal(triggerMetadata.messageId, 'e-1');
  });

  it('runs at most maxConcurrentCalls invocations at once', async () => {
    const started = (count: number) => nextEvents<{ peak: number }>(fixtureEvents, 'parallel', count);
    const firstTwo = started(2);
    await send('parallel', ...[1, 2, 3, 4].map((n) => ({ body: n })));
    const peaks = (await firstTwo).map(({ peak }) => peak);
    // Each release lets one parked invocation finish, which frees a slot for the next message.
    for (let next = 3; next <= 4; next++) {
      const one = started(1);
      fixtureEvents.emit('release', 'onParallel');
      peaks.push(...(await one).map(({ peak }) => peak));
    }
    for (let left = 0; left < 2; left++) fixtureEvents.emit('release', 'onParallel');
    assert.deepEqual(peaks, [1, 2, 2, 2]);
    await until(() => isEmpty('parallel'));
  });

  it("hands each session's messages over in order, with the session id", async () => {
    const delivered = deliveries('onSessionMessage', 6);
    await client.createSender('sessions').sendMessages(
      ['a1', 'b1', 'a2', 'b2', 'a3', 'b3'].map((body) => ({
        body,
        sessionId: body.startsWith('a') ? 'A' : 'B',
      })),
    );
    const bySession = new Map<unknown, unknown[]>();
    for (const { message, triggerMetadata } of await delivered) {
      bySession.set(triggerMetadata.sessionId, [
        ...(bySession.get(triggerMetadata.sessionId) ?? []),
        message,
      ]);
    }
    assert.deepEqual(Object.fromEntries(bySession), { A: ['a1', 'a2', 'a3'], B: ['b1', 'b2', 'b3'] });
  });

  it('works one session at a time when maxConcurrentSessions is 1, moving on once a session is idle', async () => {
    // A namespace of its own, so no other host of this file takes a session.
    await inOwnNamespace(async ({ connectionString, sender }) => {
      const app = await startApp(connectionString, {
        hostJson: {
          version: '2.0',
          extensions: { serviceBus: { maxConcurrentSessions: 1, sessionIdleTimeout: '00:00:01' } },
        },
      });
      const started = (count: number) =>
        nextEvents<{ sessionId: string; active: number }>(
          fixtureEvents,
          'parked-session',
          count,
          () => true,
          10_000,
        );
      const first = started(1);
      await sender.createSender('parked-sessions').sendMessages([
        { body: 'a1', sessionId: 'A' },
        { body: 'b1', sessionId: 'B' },
      ]);
      const runs = await first;
      // The other session is taken only after this one is released and has been idle for a second.
      const second = started(1);
      fixtureEvents.emit('release', 'onParkedSessionMessage');
      runs.push(...(await second));
      fixtureEvents.emit('release', 'onParkedSessionMessage');
      assert.deepEqual(
        runs.map(({ active }) => active),
        [1, 1],
      );
      assert.deepEqual(runs.map(({ sessionId }) => sessionId).sort(), ['A', 'B']);
      await app.close();
    });
  });

  it('leaves the message to its lock when autoCompleteMessages is false, so it comes back once the lock expires', async () => {
    const clock = new EmulatorClock();
    await inOwnNamespace(async ({ connectionString, sender }) => {
      const app = await startApp(connectionString);
      const delivered = deliveries('onUnsettled', 2);
      const first = deliveries('onUnsettled', 1);
      await sender.createSender('unsettled').sendMessages({ body: 'keep me', messageId: 'u-1' });
      await first;
      // Past the entity's default 60 s lock.
      clock.advance(61_000);
      const counts = (await delivered).map(({ triggerMetadata }) => triggerMetadata.deliveryCount);
      assert.deepEqual(counts, [1, 2]);
      await app.close();
    }, clock);
  });

  it('abandons a failed message when autoCompleteMessages is false, so it comes back at once, as on Azure', async () => {
    // The clock stands still: no lock expires, so only an abandon brings the message back.
    await inOwnNamespace(async ({ connectionString, sender }) => {
      const app = await startApp(connectionString);
      const delivered = deliveries('onUnsettledFailure', 2);
      await sender.createSender('unsettled-failing').sendMessages({ body: 'fail me', messageId: 'uf-1' });
      const counts = (await delivered).map(({ triggerMetadata }) => triggerMetadata.deliveryCount);
      assert.deepEqual(counts, [1, 2]);
      await app.close();
    }, new EmulatorClock());
  });

  it('lets a lock lapse during a long invocation when maxAutoLockRenewalDuration is zero', async () => {
    // A namespace of its own, so no other host of this file takes the message.
    await inOwnNamespace(async ({ connectionString, sender }) => {
      const app = await startApp(connectionString, {
        hostJson: { version: '2.0', extensions: { serviceBus: { maxAutoLockRenewalDuration: '00:00:00' } } },
      });
      // Unrenewed, the 5 s lock runs out while the first invocation is parked, and the message is delivered again.
      const delivered = nextEvents<Delivery>(
        fixtureEvents,
        'service-bus',
        2,
        (d) => d.functionName === 'onSlow',
        15_000,
      );
      await sender.createSender('slow').sendMessages({ body: 'slow', messageId: 's-1' });
      const counts = (await delivered).map(({ triggerMetadata }) => triggerMetadata.deliveryCount);
      assert.deepEqual(counts, [1, 2]);
      fixtureEvents.emit('release', 'onSlow');
      fixtureEvents.emit('release', 'onSlow');
      await app.close();
    });
  });

  it('keeps serving after failures', async () => {
    const delivered = nextEvent<Delivery>(
      fixtureEvents,
      'service-bus',
      (delivery) => delivery.functionName === 'onOrder',
    );
    await send('orders', { body: { orderId: 'after-failures' } });
    assert.deepEqual((await delivered).message, { orderId: 'after-failures' });
  });
});
