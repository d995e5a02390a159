import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  deliveries,
  EventHubsLocalCloud,
  eventsOf,
  singleGroup,
} from '../fixtures/host-apps/event-hubs-app/harness.js';

describe('the Event Hubs trigger', () => {
  let cloud: EventHubsLocalCloud;

  before(async () => {
    cloud = await EventHubsLocalCloud.start();
  });

  after(() => cloud.close());

  it('hands a function of cardinality one each event and the single-event metadata the host sends', async () => {
    const { hubs } = await cloud.startApp();
    const delivered = deliveries(hubs.onEvent, 1);
    await cloud.send(hubs.onEvent, [{ body: { orderId: 'o-1' }, properties: { tenant: 'contoso' } }]);
    const [delivery] = await delivered;
    assert.deepEqual(delivery!.input, { orderId: 'o-1' });
    const metadata = delivery!.triggerMetadata;
    assert.deepEqual(metadata.partitionContext, {
      isCheckpointingAfterInvocation: true,
      fullyQualifiedNamespace: 'localhost',
      eventHubName: hubs.onEvent,
      consumerGroup: singleGroup,
      partitionId: '0',
    });
    assert.equal(metadata.sequenceNumber, 0);
    assert.deepEqual(metadata.properties, { tenant: 'contoso' });
    console.log(JSON.stringify(metadata, null, 1));
    assert.equal(eventsOf(delivery!).length, 1);
  });
});
