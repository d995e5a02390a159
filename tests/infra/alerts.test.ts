import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { arrayElements, descendants, stringLiteral, valueAt } from './support/bicep-tree.js';
import { loadInfra, valueOf } from './support/infra-files.js';

const alertsModule = 'infra/modules/alerts.bicep';

/** Each metric alert of the alerts module: its metric, and the entity names its EntityName dimension includes. */
async function metricAlerts() {
  const infra = await loadInfra();
  return infra.resources
    .filter(
      (resource) => resource.file === alertsModule && resource.type === 'Microsoft.Insights/metricAlerts',
    )
    .map((resource) => {
      const criterion = arrayElements(valueAt(resource.body, ['properties', 'criteria', 'allOf']))[0];
      const entityDimension = arrayElements(valueAt(criterion, ['dimensions'])).find(
        (dimension) => stringLiteral(valueAt(dimension, ['name'])) === 'EntityName',
      );
      return {
        symbol: resource.symbol,
        metric: stringLiteral(valueAt(criterion, ['metricName'])),
        entities: arrayElements(valueAt(entityDimension, ['values'])).map((value) => value.text),
      };
    });
}

describe('alerts in Bicep', () => {
  it('alerts on every place a message that will not be processed waits for people', async () => {
    const alerts = await metricAlerts();
    const on = (metric: string) => alerts.filter((alert) => alert.metric === metric);
    // Dead-lettered by the broker, on any queue.
    assert.deepEqual(
      on('DeadletteredMessages').map((alert) => alert.entities),
      [["'*'"]],
    );
    // Parked by the app, with its reason: the queue's active messages.
    assert.deepEqual(
      on('ActiveMessages').map((alert) => alert.entities),
      [['invalidMessagesQueueName']],
    );
    // Dead-lettered by Event Grid.
    assert.equal(on('DeadLetteredCount').length, 1);
  });

  it('points the parked-messages alert at the queue the app parks in, by the app setting that names it', async () => {
    const infra = await loadInfra();
    const alerts = infra.declaration('infra/main.bicep', 'module_declaration', 'alerts');
    assert.equal(
      valueAt(alerts.value, ['params', 'invalidMessagesQueueName'])?.text,
      'appSettings.InvalidMessagesQueueName',
    );
    const settings = valueOf(infra.declaration('infra/main.bicep', 'variable_declaration', 'appSettings'));
    assert.ok(descendants(settings).some((node) => node.text.startsWith('InvalidMessagesQueueName')));
  });
});
