import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { earliestEventPosition } from '@azure/event-hubs';
import { startHarness, uniqueHubName } from './support/harness.js';
import { useHarness } from '../use-harness.js';
import { bodies, collect } from './support/receive.js';

interface DescribedHub {
  name: string;
  consumerGroups: string[];
  partitions: Array<{
    partitionId: string;
    beginSequenceNumber: number;
    lastSequenceNumber: number;
    isEmpty: boolean;
  }>;
}

describe('Event Hubs admin endpoint', () => {
  const h = useHarness(startHarness);

  const put = (name: string, body: unknown) =>
    fetch(new URL(`/eventhubs/${name}`, h.emulator.adminUrl), {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('lists each hub with its consumer groups and every partition sequence range when GET /eventhubs is called', async () => {
    const hub = h.createHub({ partitionCount: 2, consumerGroups: ['reports'] });
    await h.producer(hub).sendBatch([{ body: 1 }, { body: 2 }, { body: 3 }], { partitionId: '1' });

    const response = await fetch(new URL('/eventhubs', h.emulator.adminUrl));

    assert.equal(response.status, 200);
    const listed = ((await response.json()) as DescribedHub[]).find((described) => described.name === hub);
    assert.deepEqual(listed?.consumerGroups, ['$Default', 'reports']);
    assert.deepEqual(
      listed?.partitions.map(({ partitionId, beginSequenceNumber, lastSequenceNumber, isEmpty }) => ({
        partitionId,
        beginSequenceNumber,
        lastSequenceNumber,
        isEmpty,
      })),
      [
        { partitionId: '0', beginSequenceNumber: 0, lastSequenceNumber: -1, isEmpty: true },
        { partitionId: '1', beginSequenceNumber: 0, lastSequenceNumber: 2, isEmpty: false },
      ],
    );
  });

  it('creates a hub the SDK can use when PUT /eventhubs/<name> is called with a Config.json entry', async () => {
    const hub = uniqueHubName('admin');

    const response = await put(hub, { PartitionCount: 3, ConsumerGroups: [{ Name: 'ops' }] });

    assert.equal(response.status, 201);
    assert.deepEqual(await h.producer(hub).getPartitionIds(), ['0', '1', '2']);
    await h.producer(hub).sendBatch([{ body: 'via admin' }], { partitionId: '1' });
    const { events } = await collect(h.consumer(hub, { consumerGroup: 'ops' }), {
      partitionId: '1',
      count: 1,
      startPosition: earliestEventPosition,
    });
    assert.deepEqual(bodies(events), ['via admin']);
  });

  it('answers 409 with a problem document when the hub already exists', async () => {
    const hub = h.createHub();

    const response = await put(hub, { PartitionCount: 1 });

    assert.equal(response.status, 409);
    assert.equal(response.headers.get('content-type')?.split(';')[0], 'application/problem+json');
    assert.match(((await response.json()) as { detail: string }).detail, /already exists/);
  });

  it('answers 400 naming every problem when the hub is invalid', async () => {
    const response = await put(uniqueHubName('bad'), { PartitionCount: 64, ConsumerGroups: [{ Name: '' }] });

    assert.equal(response.status, 400);
    const { detail } = (await response.json()) as { detail: string };
    assert.match(detail, /PartitionCount must be an integer from 1 to 32/);
    assert.match(detail, /'' is not a valid consumer group name/);
  });
});
