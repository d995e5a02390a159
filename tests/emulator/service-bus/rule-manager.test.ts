import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RuleProperties, ServiceBusRuleManager } from '@azure/service-bus';
import { startHarness, uniqueName } from './support/harness.js';
import { useHarness } from '../use-harness.js';
import { bodies, receiveCount, receiveNothing } from './support/receive.js';

async function listRules(manager: ServiceBusRuleManager): Promise<RuleProperties[]> {
  const rules: RuleProperties[] = [];
  for await (const rule of manager.listRules()) rules.push(rule);
  return rules;
}

describe('Service Bus rule manager (createRuleManager)', () => {
  const h = useHarness(startHarness);

  it('lists the default true rule of a subscription that declares none, and the rules one declares', async () => {
    const topic = h.createTopic({
      subscriptions: [
        { Name: 'plain' },
        {
          Name: 'declared',
          Rules: [
            {
              Name: 'priority',
              Properties: {
                FilterType: 'Correlation',
                CorrelationFilter: { Label: 'order', Properties: { priority: 'high', level: 3 } },
              },
            },
            {
              Name: 'red',
              Properties: {
                FilterType: 'Sql',
                SqlFilter: { SqlExpression: "color = 'red'" },
                Action: { SqlExpression: "SET routed = 'red'" },
              },
            },
          ],
        },
      ],
    });

    assert.deepEqual(await listRules(h.client.createRuleManager(topic, 'plain')), [
      { name: '$Default', filter: { sqlExpression: '1=1' }, action: {} },
    ]);
    const [priority, red] = await listRules(h.client.createRuleManager(topic, 'declared'));
    assert.equal(priority?.name, 'priority');
    assert.deepEqual(priority?.filter, {
      correlationId: null,
      messageId: null,
      to: null,
      replyTo: null,
      subject: 'order',
      sessionId: null,
      replyToSessionId: null,
      contentType: null,
      applicationProperties: { priority: 'high', level: 3 },
    });
    assert.deepEqual(red, {
      name: 'red',
      filter: { sqlExpression: "color = 'red'" },
      action: { sqlExpression: "SET routed = 'red'" },
    });
  });

  it('routes the messages sent after a change by the new rules: added SQL, correlation and action rules, default removed', async () => {
    const topic = h.createTopic({ subscriptions: [{ Name: 'changing' }] });
    const manager = h.client.createRuleManager(topic, 'changing');
    const sender = h.client.createSender(topic);
    await sender.sendMessages({ body: 'before the change' });

    await manager.createRule('big', { sqlExpression: 'amount > 100' }, { sqlExpression: "SET size = 'big'" });
    await manager.createRule('vip', { applicationProperties: { tier: 'vip' } });
    await manager.deleteRule('$Default');
    assert.deepEqual(
      (await listRules(manager)).map((rule) => rule.name),
      ['big', 'vip'],
    );
    await sender.sendMessages([
      { body: 'small', applicationProperties: { amount: 5 } },
      { body: 'big', applicationProperties: { amount: 500 } },
      { body: 'vip', applicationProperties: { tier: 'vip', amount: 1 } },
      { body: 'other tier', applicationProperties: { tier: 'basic' } },
    ]);

    const receiver = h.client.createReceiver(topic, 'changing', { receiveMode: 'receiveAndDelete' });
    const received = await receiveCount(receiver, 3);
    assert.deepEqual(bodies([...received, ...(await receiveNothing(receiver))]), [
      'before the change',
      'big',
      'vip',
    ]);
    assert.deepEqual(received[1]?.applicationProperties, { amount: 500, size: 'big', RuleName: 'big' });
  });

  it('refuses a rule name already taken, a rule it does not have and an expression it cannot parse, changing nothing', async () => {
    const topic = h.createTopic({ subscriptions: [{ Name: 'strict' }] });
    const manager = h.client.createRuleManager(topic, 'strict');

    await assert.rejects(manager.createRule('$default', { sqlExpression: '1=1' }), {
      code: 'MessagingEntityAlreadyExists',
    });
    await assert.rejects(manager.deleteRule('missing'), { code: 'MessagingEntityNotFound' });
    await assert.rejects(manager.createRule('broken', { sqlExpression: 'amount >' }), (error: Error) => {
      assert.match(error.message, /broken/);
      return true;
    });
    assert.deepEqual(
      (await listRules(manager)).map((rule) => rule.name),
      ['$Default'],
    );
  });
});

describe('Service Bus rule changes across a restart', () => {
  let dataDir: string;
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'sb-rules-'));
  });
  after(() => rm(dataDir, { recursive: true, force: true }));

  it('keeps the rules a subscription declared in the config file has after they were changed at run time', async () => {
    const topic = uniqueName('rules-topic');
    const config = {
      UserConfig: {
        Namespaces: [
          { Name: 'sbemulatorns', Queues: [], Topics: [{ Name: topic, Subscriptions: [{ Name: 'kept' }] }] },
        ],
        Logging: { Type: 'Console' },
      },
    };
    const first = await startHarness({ dataDir, config });
    const manager = first.client.createRuleManager(topic, 'kept');
    await manager.createRule('blue', { sqlExpression: "color = 'blue'" });
    await manager.deleteRule('$Default');
    await first.close();

    const second = await startHarness({ dataDir, config });
    try {
      assert.deepEqual(await listRules(second.client.createRuleManager(topic, 'kept')), [
        { name: 'blue', filter: { sqlExpression: "color = 'blue'" }, action: {} },
      ]);
      await second.client.createSender(topic).sendMessages([
        { body: 'red', applicationProperties: { color: 'red' } },
        { body: 'blue', applicationProperties: { color: 'blue' } },
      ]);
      const receiver = second.client.createReceiver(topic, 'kept', { receiveMode: 'receiveAndDelete' });
      assert.deepEqual(bodies([...(await receiveCount(receiver, 1)), ...(await receiveNothing(receiver))]), [
        'blue',
      ]);
    } finally {
      await second.close();
    }
  });
});
