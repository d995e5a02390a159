import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stockMessageTypes, telemetryTypes } from '../../shared/application/contracts/message-types.js';
import type { IncomingMessage } from '../../shared/application/messaging/incoming-message.js';
import { handleStockCommand } from '../../shared/application/stock/handle-stock-command.js';
import { createOrderTestHarness, stockReplyQueue } from '../support/order-test-harness.js';

const trace = { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' };

function reserveStock(orderId: string, lines: { sku: string; quantity: number }[]): IncomingMessage {
  return {
    type: stockMessageTypes.reserveStock,
    messageId: `${orderId}:reserve-stock`,
    replyTo: stockReplyQueue,
    replyToSessionId: orderId,
    body: { orderId, lines },
    trace,
  };
}

function releaseStock(orderId: string): IncomingMessage {
  return { type: stockMessageTypes.releaseStock, messageId: `${orderId}:release-stock`, body: { orderId } };
}

describe('handleStockCommand', () => {
  it('reserves the stock and replies to the session of the order, correlated to the command, when all is available', async () => {
    const { worker, stock, replies } = createOrderTestHarness({ stock: { 'SKU-1': 10 } });
    const result = await handleStockCommand(worker, reserveStock('order-1', [{ sku: 'SKU-1', quantity: 3 }]));
    assert.deepEqual(result, { disposition: 'complete', outcome: 'reserved' });
    assert.equal(stock.available('SKU-1'), 7);
    assert.deepEqual(replies.sent, [
      {
        type: stockMessageTypes.reserveStockResult,
        messageId: 'order-1:reserve-stock-result',
        to: stockReplyQueue,
        sessionId: 'order-1',
        correlationId: 'order-1:reserve-stock',
        body: { orderId: 'order-1', outcome: 'reserved' },
        trace,
      },
    ]);
  });

  it('reserves once and answers the same again when the command is delivered twice', async () => {
    const { worker, stock, replies } = createOrderTestHarness({ stock: { 'SKU-1': 10 } });
    const command = reserveStock('order-1', [{ sku: 'SKU-1', quantity: 3 }]);
    await handleStockCommand(worker, command);
    const again = await handleStockCommand(worker, command);
    assert.deepEqual(again, { disposition: 'complete', outcome: 'answered_again' });
    assert.equal(stock.available('SKU-1'), 7);
    assert.equal(replies.sent.length, 2);
    assert.deepEqual(replies.sent[1], replies.sent[0]);
  });

  it('replies rejected with the short SKUs and takes nothing when any line is short', async () => {
    const { worker, stock, replies } = createOrderTestHarness({ stock: { 'SKU-1': 10, 'SKU-2': 1 } });
    const result = await handleStockCommand(
      worker,
      reserveStock('order-1', [
        { sku: 'SKU-1', quantity: 3 },
        { sku: 'SKU-2', quantity: 2 },
      ]),
    );
    assert.deepEqual(result, { disposition: 'complete', outcome: 'rejected' });
    assert.deepEqual(replies.sent[0]?.body, {
      orderId: 'order-1',
      outcome: 'rejected',
      reason: 'insufficient_stock',
      unavailableSkus: ['SKU-2'],
    });
    assert.equal(stock.available('SKU-1'), 10);
  });

  it('answers a refused order the same again when stock arrived in between', async () => {
    const { worker, replies } = createOrderTestHarness({ stock: { 'SKU-1': 1 } });
    const command = reserveStock('order-1', [{ sku: 'SKU-1', quantity: 2 }]);
    await handleStockCommand(worker, command);
    await handleStockCommand(worker, reserveStock('order-2', [{ sku: 'SKU-1', quantity: 1 }]));
    await handleStockCommand(worker, command);
    assert.deepEqual(replies.sent[2], replies.sent[0]);
  });

  it('rethrows for redelivery after reserving when the reply cannot be sent, and answers without reserving again on redelivery', async () => {
    const { worker, stock, replies } = createOrderTestHarness({ stock: { 'SKU-1': 10 } });
    const command = reserveStock('order-1', [{ sku: 'SKU-1', quantity: 3 }]);
    replies.failNext(new Error('reply queue unavailable'));
    await assert.rejects(handleStockCommand(worker, command), { message: 'reply queue unavailable' });
    const redelivery = await handleStockCommand(worker, command);
    assert.deepEqual(redelivery, { disposition: 'complete', outcome: 'answered_again' });
    assert.equal(stock.available('SKU-1'), 7);
    assert.equal(replies.sent[0]?.body.outcome, 'reserved');
  });

  it('decides again on the newer levels when another reservation commits first', async () => {
    const { worker, stock, replies } = createOrderTestHarness({ stock: { 'SKU-1': 4 } });
    stock.beforeNextCommit(async () => {
      await handleStockCommand(worker, reserveStock('order-2', [{ sku: 'SKU-1', quantity: 3 }]));
    });
    const result = await handleStockCommand(worker, reserveStock('order-1', [{ sku: 'SKU-1', quantity: 3 }]));
    assert.deepEqual(result, { disposition: 'complete', outcome: 'rejected' });
    assert.equal(stock.available('SKU-1'), 1);
    assert.deepEqual(
      replies.sent.map((reply) => [reply.sessionId, reply.body.outcome]),
      [
        ['order-2', 'reserved'],
        ['order-1', 'rejected'],
      ],
    );
  });

  it('replies rejected for a SKU the catalogue does not have, and the same again after it is added', async () => {
    const { worker, stock, replies } = createOrderTestHarness({ stock: { 'SKU-1': 10 } });
    const command = reserveStock('order-1', [
      { sku: 'SKU-1', quantity: 1 },
      { sku: 'SKU-404', quantity: 1 },
    ]);
    const result = await handleStockCommand(worker, command);
    assert.deepEqual(result, { disposition: 'complete', outcome: 'rejected' });
    stock.seed('SKU-404', 5);
    const again = await handleStockCommand(worker, command);
    assert.deepEqual(again, { disposition: 'complete', outcome: 'answered_again' });
    assert.deepEqual(
      replies.sent.map((reply) => reply.body),
      [1, 2].map(() => ({
        orderId: 'order-1',
        outcome: 'rejected',
        reason: 'insufficient_stock',
        unavailableSkus: ['SKU-404'],
      })),
    );
    assert.equal(stock.available('SKU-1'), 10);
    assert.equal(stock.available('SKU-404'), 5);
  });

  it('reports each command it finishes as telemetry: its order, what it did, whether it was parked', async () => {
    const { worker, telemetry, clock } = createOrderTestHarness({ stock: { 'SKU-1': 10 } });
    await handleStockCommand(worker, reserveStock('order-1', [{ sku: 'SKU-1', quantity: 3 }]));
    await handleStockCommand(worker, {
      ...releaseStock('order-1'),
      type: 'com.example.stock.count-stock.v1',
    });
    await handleStockCommand(worker, { ...reserveStock('order-2', []), body: '<xml/>' });
    const at = new Date(clock.now()).toISOString();
    assert.deepEqual(telemetry.records, [
      {
        type: telemetryTypes.stockCommandHandled,
        time: at,
        orderId: 'order-1',
        command: 'reserve-stock',
        outcome: 'reserved',
        parked: false,
        durationMs: 0,
      },
      {
        type: telemetryTypes.stockCommandHandled,
        time: at,
        orderId: 'order-1',
        command: 'unknown',
        outcome: 'unknown_message_type',
        parked: true,
        durationMs: 0,
      },
      {
        type: telemetryTypes.stockCommandHandled,
        time: at,
        command: 'reserve-stock',
        outcome: 'malformed_message',
        parked: true,
        durationMs: 0,
      },
    ]);
  });

  it('reserves without reading the levels when this instance wrote them last', async () => {
    const { worker, stock } = createOrderTestHarness({ stock: { 'SKU-1': 10 } });
    await handleStockCommand(worker, reserveStock('order-1', [{ sku: 'SKU-1', quantity: 3 }]));
    const readsBefore = stock.levelReads;
    const result = await handleStockCommand(worker, reserveStock('order-2', [{ sku: 'SKU-1', quantity: 3 }]));
    assert.deepEqual(result, { disposition: 'complete', outcome: 'reserved' });
    assert.equal(stock.levelReads, readsBefore);
    assert.equal(stock.available('SKU-1'), 4);
  });

  it('decides on the stored levels when another writer changed them since this instance wrote them', async () => {
    const { worker, stock, replies } = createOrderTestHarness({ stock: { 'SKU-1': 10 } });
    await handleStockCommand(worker, reserveStock('order-1', [{ sku: 'SKU-1', quantity: 3 }]));
    stock.seed('SKU-1', 2);
    const result = await handleStockCommand(worker, reserveStock('order-2', [{ sku: 'SKU-1', quantity: 3 }]));
    assert.deepEqual(result, { disposition: 'complete', outcome: 'rejected' });
    assert.equal(stock.available('SKU-1'), 2);
    assert.equal(replies.sent[1]?.body.outcome, 'rejected');
  });

  it('never refuses on levels this instance knows from before: it reads them first', async () => {
    const { worker, stock } = createOrderTestHarness({ stock: { 'SKU-1': 3 } });
    await handleStockCommand(worker, reserveStock('order-1', [{ sku: 'SKU-1', quantity: 3 }]));
    stock.seed('SKU-1', 10);
    const result = await handleStockCommand(worker, reserveStock('order-2', [{ sku: 'SKU-1', quantity: 3 }]));
    assert.deepEqual(result, { disposition: 'complete', outcome: 'reserved' });
    assert.equal(stock.available('SKU-1'), 7);
  });

  it('gives the stock back when a reserved order is released', async () => {
    const { worker, stock } = createOrderTestHarness({ stock: { 'SKU-1': 10 } });
    await handleStockCommand(worker, reserveStock('order-1', [{ sku: 'SKU-1', quantity: 3 }]));
    const result = await handleStockCommand(worker, releaseStock('order-1'));
    assert.deepEqual(result, { disposition: 'complete', outcome: 'released' });
    assert.equal(stock.available('SKU-1'), 10);
  });

  it('gives back once when the release is delivered twice', async () => {
    const { worker, stock } = createOrderTestHarness({ stock: { 'SKU-1': 10 } });
    await handleStockCommand(worker, reserveStock('order-1', [{ sku: 'SKU-1', quantity: 3 }]));
    await handleStockCommand(worker, releaseStock('order-1'));
    const again = await handleStockCommand(worker, releaseStock('order-1'));
    assert.deepEqual(again, { disposition: 'complete', outcome: 'nothing_to_release' });
    assert.equal(stock.available('SKU-1'), 10);
  });

  it('refuses the late reservation and takes nothing when the release overtook it', async () => {
    const { worker, stock, replies } = createOrderTestHarness({ stock: { 'SKU-1': 10 } });
    const early = await handleStockCommand(worker, releaseStock('order-1'));
    assert.deepEqual(early, { disposition: 'complete', outcome: 'released_before_reserved' });
    const late = await handleStockCommand(worker, reserveStock('order-1', [{ sku: 'SKU-1', quantity: 3 }]));
    assert.deepEqual(late, { disposition: 'complete', outcome: 'answered_again' });
    assert.deepEqual(replies.sent[0]?.body, {
      orderId: 'order-1',
      outcome: 'rejected',
      reason: 'stock_released',
      unavailableSkus: [],
    });
    assert.equal(stock.available('SKU-1'), 10);
  });

  for (const [condition, message, reason] of [
    [
      'the body is not a ReserveStock',
      { ...reserveStock('order-1', []), body: { orderId: 'order-1' } },
      'malformed_message',
    ],
    ['the body is not JSON data', { ...reserveStock('order-1', []), body: '<xml/>' }, 'malformed_message'],
    [
      'there is no ReplyTo',
      { ...reserveStock('order-1', [{ sku: 'SKU-1', quantity: 1 }]), replyTo: undefined },
      'missing_reply_address',
    ],
    [
      'the ReplyTo is not a queue the stock service answers on',
      { ...reserveStock('order-1', [{ sku: 'SKU-1', quantity: 1 }]), replyTo: 'stock-commands' },
      'missing_reply_address',
    ],
    [
      'there is no ReplyToSessionId',
      { ...reserveStock('order-1', [{ sku: 'SKU-1', quantity: 1 }]), replyToSessionId: '' },
      'missing_reply_address',
    ],
    [
      'the Subject names no stock command',
      { ...releaseStock('order-1'), type: 'com.example.stock.count-stock.v1' },
      'unknown_message_type',
    ],
    ['the Subject is missing', { ...releaseStock('order-1'), type: undefined }, 'unknown_message_type'],
    [
      'a release body is malformed',
      { ...releaseStock('order-1'), body: { order: 'order-1' } },
      'malformed_message',
    ],
  ] as const) {
    it(`dead-letters with ${reason}, replies nothing and takes nothing when ${condition}`, async () => {
      const { worker, stock, replies } = createOrderTestHarness({ stock: { 'SKU-1': 10 } });
      const result = await handleStockCommand(worker, message);
      assert.equal(result.disposition, 'dead-letter');
      assert.equal(result.disposition === 'dead-letter' && result.reason, reason);
      assert.ok(result.disposition === 'dead-letter' && result.description.length > 0);
      assert.deepEqual(replies.sent, []);
      assert.equal(stock.available('SKU-1'), 10);
    });
  }
});
