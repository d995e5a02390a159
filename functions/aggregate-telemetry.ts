import { app } from '@azure/functions';
import { connectionNames } from '../shared/config/app-config.js';
import { application, instanceConfig } from '../shared/composition/application-instance.js';
import { telemetryBatchOf } from './translate/event-hub-batch.js';

const { telemetryHub, telemetryConsumerGroup } = instanceConfig().entities;

// Bodies as text (`dataType: 'string'`, passed through to the binding though the options type lacks it): with the
// default, the host parses every body as JSON and one bad body fails the whole batch. Here a bad one is set aside.
const bodiesAsText = { dataType: 'string' };

// Without a retry policy the host checkpoints past a batch whose invocation threw, and the batch is lost. The
// aggregator throws only for transient failures (storage unavailable, a conflict that outlasted its retries) and sets
// bad events aside instead, so it retries until it succeeds; the partition waits meanwhile, its order intact.
const retryUntilApplied = {
  strategy: 'exponentialBackoff',
  maxRetryCount: -1,
  minimumInterval: { seconds: 1 },
  maximumInterval: { minutes: 1 },
} as const;

app.eventHub('aggregateTelemetry', {
  connection: connectionNames.eventHubs,
  eventHubName: telemetryHub,
  consumerGroup: telemetryConsumerGroup,
  cardinality: 'many',
  ...bodiesAsText,
  retry: retryUntilApplied,
  handler: async (bodies, context) => {
    const metrics = await application();
    const result = await metrics.aggregateTelemetry(telemetryBatchOf(bodies as unknown[], context));
    context.log(
      `Applied ${result.applied}, skipped ${result.duplicates} already counted, set aside ${result.setAside}.`,
    );
  },
});
