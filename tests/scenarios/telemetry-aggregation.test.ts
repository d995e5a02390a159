import assert from 'node:assert/strict';
import { randomBytes, randomInt } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { odata } from '@azure/data-tables';
import { EventHubProducerClient } from '@azure/event-hubs';
import { BlobServiceClient } from '@azure/storage-blob';
import { telemetryTypes } from '../../shared/application/contracts/message-types.js';
import type { TelemetryRecord } from '../../shared/application/contracts/telemetry-records.js';
import { tableClientFactory } from '../../shared/adapters/table-storage/table-client-factory.js';
import { tableNames } from '../../shared/composition/table-names.js';
import { defaultEntityNames } from '../../shared/config/load-config.js';
import { startLocalStack, type LocalStack } from './support/local-stack.js';
import { pollUntil } from './support/poll.js';

// The host keeps Event Hubs checkpoints in this container of its storage account (as the Functions extension does).
const checkpointContainer = 'azure-webjobs-eventhub';

describe('telemetry through the local stack', () => {
  let stack: LocalStack;
  let producer: EventHubProducerClient;

  before(async () => {
    stack = await startLocalStack();
    producer = new EventHubProducerClient(stack.emulator.connectionString, defaultEntityNames.telemetryHub);
  });
  after(async () => {
    await producer.close();
    await stack.close();
  });

  it('counts every event once when a restarted consumer is delivered them again, and sets the unreadable one aside once', async () => {
    // A minute of its own, years away, so nothing else the stack streams meanwhile lands in it.
    const minute = new Date(Date.UTC(2031, 0, 1) + randomInt(0, 525_600) * 60_000).toISOString().slice(0, 16);
    const orderId = `order-${randomBytes(6).toString('hex')}`;
    const unreadable = `not json ${orderId}`;
    const record = (sincePlacedMs: number): TelemetryRecord => ({
      type: telemetryTypes.orderTransitioned,
      time: `${minute}:30.000Z`,
      orderId,
      from: 'pending',
      to: 'confirmed',
      currency: 'EUR',
      totalMinor: 100,
      sincePlacedMs,
    });
    // One order's events share a partition key, so they share a partition and keep their order.
    const send = (bodies: unknown[]) =>
      producer.sendBatch(
        bodies.map((body) => ({ body })),
        { partitionKey: orderId },
      );
    await send([...Array.from({ length: 10 }, (_, i) => record(i + 1)), unreadable]);

    const confirmedCount = () => confirmedCountIn(minute);
    assert.equal(await pollUntil(confirmedCount, (count) => count >= 10), 10);

    // The instance stops, and its checkpoints are lost, as when it crashed after committing the aggregates but
    // before checkpointing: the next instance is delivered every event again, from the start of the hub.
    const from = stack.logs.mark();
    await stack.restartHost(async () => {
      const container = BlobServiceClient.fromConnectionString(
        stack.azurite.connectionString,
      ).getContainerClient(checkpointContainer);
      for await (const blob of container.listBlobsFlat()) {
        if (blob.name.includes('/checkpoint/')) await container.deleteBlob(blob.name);
      }
    });
    // Sent after the restart and behind the redelivered events in their partition: once it counts, they have all
    // been through the aggregator again.
    await send([record(11)]);
    assert.equal(await pollUntil(confirmedCount, (count) => count >= 11), 11);

    const replayed = stack.logs.records
      .slice(from)
      .filter((line) => line.category === 'Function.aggregateTelemetry.User')
      .map((line) => Number(/skipped (\d+) already counted/.exec(line.message)?.[1] ?? 0));
    assert.ok(
      replayed.reduce((sum, skipped) => sum + skipped, 0) >= 11,
      'the restarted consumer was delivered the earlier events again',
    );
    assert.equal(await setAsideCount(unreadable), 1);
  });

  it('retries a batch whose aggregation failed until it is applied, instead of checkpointing past it', async () => {
    const minute = new Date(Date.UTC(2032, 0, 1) + randomInt(0, 525_600) * 60_000).toISOString().slice(0, 16);
    const orderId = `order-${randomBytes(6).toString('hex')}`;
    const metrics = metricsTable();
    // Storage the aggregator cannot write to: the metrics table is gone until this test puts it back.
    await metrics.deleteTable();
    const from = stack.logs.mark();
    await producer.sendBatch(
      [
        {
          body: {
            type: telemetryTypes.orderTransitioned,
            time: `${minute}:10.000Z`,
            orderId,
            from: 'pending',
            to: 'confirmed',
            currency: 'EUR',
            totalMinor: 100,
            sincePlacedMs: 5,
          } satisfies TelemetryRecord,
        },
      ],
      { partitionKey: orderId },
    );
    await stack.logs.waitFor(
      (line) => line.message.startsWith("Executed 'Functions.aggregateTelemetry' (Failed"),
      { from },
    );
    await metrics.createTable();
    // The retry policy's first pause (1 s), on the host's clock, which moves only when a scenario moves it.
    stack.hostClock.advance(1_000);

    assert.equal(
      await pollUntil(
        () => confirmedCountIn(minute),
        (count) => count >= 1,
      ),
      1,
    );
  });

  /** How many confirmations the metrics API counts in `minute` (`2031-01-01T10:05`), by the app's own endpoint. */
  async function confirmedCountIn(minute: string): Promise<number> {
    const answer = await fetch(`${stack.api}/metrics?from=${minute}:00Z&to=${minute}:59Z`);
    const { minutes } = (await answer.json()) as {
      minutes: { metrics: Record<string, { count: number }> }[];
    };
    return minutes[0]?.metrics['orders.confirmed.since_placed_ms']?.count ?? 0;
  }

  function metricsTable() {
    return tableClientFactory({ kind: 'connectionString', connectionString: stack.azurite.connectionString })(
      tableNames.metrics,
    );
  }

  async function setAsideCount(body: string): Promise<number> {
    const metrics = metricsTable();
    let count = 0;
    const filter = odata`Body eq ${body}`;
    for await (const _entity of metrics.listEntities({ queryOptions: { filter } })) count += 1;
    return count;
  }
});
