import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startHarness, uniqueName } from './support/harness.js';
import { useHarness } from '../use-harness.js';
import { receiveOne } from './support/receive.js';

/**
 * The admin endpoint and `describe()` report per-entity counts; their exact JSON layout belongs to the emulator, so
 * these tests find the entity by name and its counts by key name (active, dead-letter, scheduled, deferred).
 */
describe('Service Bus admin endpoint and entity counts', () => {
  const h = useHarness(startHarness);

  const put = (path: string, body: unknown) =>
    fetch(new URL(path, h.emulator.adminUrl), {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('creates a queue with its properties when PUT /servicebus/queues/<name> is called', async () => {
    const name = uniqueName('admin-q');

    const response = await put(`/servicebus/queues/${name}`, {
      Name: name,
      Properties: { LockDuration: 'PT15S' },
    });

    assert.ok(response.ok, `status ${response.status}: ${await response.text()}`);
    await h.client.createSender(name).sendMessages({ body: 'via admin' });
    const message = await receiveOne(h.client.createReceiver(name, { maxAutoLockRenewalDurationInMs: 0 }));
    assert.equal(message.body, 'via admin');
    assert.equal(message.lockedUntilUtc?.getTime(), h.clock.now() + 15_000);
  });

  it('creates a topic with subscriptions and rules when PUT /servicebus/topics/<name> is called', async () => {
    const name = uniqueName('admin-t');

    const response = await put(`/servicebus/topics/${name}`, {
      Name: name,
      Subscriptions: [
        {
          Name: 'reds',
          Rules: [
            {
              Name: 'red',
              Properties: { FilterType: 'Correlation', CorrelationFilter: { Properties: { color: 'red' } } },
            },
          ],
        },
      ],
    });

    assert.ok(response.ok, `status ${response.status}: ${await response.text()}`);
    await h.client.createSender(name).sendMessages([
      { body: 'blue', applicationProperties: { color: 'blue' } },
      { body: 'red', applicationProperties: { color: 'red' } },
    ]);
    const message = await receiveOne(
      h.client.createReceiver(name, 'reds', { receiveMode: 'receiveAndDelete' }),
    );
    assert.equal(message.body, 'red');
  });

  it('rejects an entity with invalid properties with a 4xx status', async () => {
    const name = uniqueName('admin-bad');

    const response = await put(`/servicebus/queues/${name}`, {
      Name: name,
      Properties: { LockDuration: 'PT10M' },
    });

    assert.ok(response.status >= 400 && response.status < 500, `status ${response.status}`);
    await response.body?.cancel();
  });

  it('lists entities with active, dead-letter, scheduled and deferred counts when GET /servicebus/entities is called', async () => {
    const queue = h.createQueue();
    const sender = h.client.createSender(queue);
    await sender.sendMessages([{ body: 'dead' }, { body: 'deferred' }, { body: 'active' }]);
    await sender.scheduleMessages({ body: 'scheduled' }, new Date(h.clock.now() + 60_000));
    const receiver = h.client.createReceiver(queue, { maxAutoLockRenewalDurationInMs: 0 });
    await receiver.deadLetterMessage(await receiveOne(receiver));
    await receiver.deferMessage(await receiveOne(receiver));

    const response = await fetch(new URL('/servicebus/entities', h.emulator.adminUrl));
    assert.equal(response.status, 200);
    const listed = findEntity(await response.json(), queue);

    assert.deepEqual(countsOf(listed), { active: 1, deadLetter: 1, scheduled: 1, deferred: 1 });
    assert.deepEqual(countsOf(findEntity(h.emulator.serviceBus.describe(), queue)), {
      active: 1,
      deadLetter: 1,
      scheduled: 1,
      deferred: 1,
    });
  });

  it('binds the admin endpoint to 127.0.0.1', () => {
    assert.equal(new URL(h.emulator.adminUrl).hostname, '127.0.0.1');
  });
});

/** The first object anywhere in `tree` that names `name` (in a name-like key, or as its key in a map). */
function findEntity(tree: unknown, name: string): Record<string, unknown> {
  const stack: unknown[] = [tree];
  while (stack.length) {
    const node = stack.pop();
    if (!node || typeof node !== 'object') continue;
    for (const [key, value] of Object.entries(node)) {
      if (/^(name|entityname|path)$/i.test(key) && value === name) return node as Record<string, unknown>;
      if (key === name && value && typeof value === 'object') return value as Record<string, unknown>;
      stack.push(value);
    }
  }
  throw new Error(`entity ${name} not found in ${JSON.stringify(tree).slice(0, 500)}`);
}

function countsOf(entity: Record<string, unknown>): Record<string, number | undefined> {
  const numbers: Array<[string, number]> = [];
  const stack: unknown[] = [entity];
  while (stack.length) {
    const node = stack.pop();
    if (!node || typeof node !== 'object') continue;
    for (const [key, value] of Object.entries(node)) {
      if (typeof value === 'number') numbers.push([key.toLowerCase(), value]);
      else stack.push(value);
    }
  }
  const pick = (pattern: RegExp) => numbers.find(([key]) => pattern.test(key))?.[1];
  return {
    active: pick(/^active/),
    deadLetter: pick(/dead/),
    scheduled: pick(/^scheduled/),
    deferred: pick(/^deferred/),
  };
}
