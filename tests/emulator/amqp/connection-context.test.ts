import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import { ConnectionContext } from '../../../emulator/amqp/connection-context.js';
import type { Connection, Sender } from '../../../emulator/amqp/rhea.js';

const link = () => new EventEmitter() as unknown as Sender & EventEmitter;

describe('ConnectionContext.onLinkClose', () => {
  it('forgets the callbacks of links that closed, so a connection that opens many links does not hold them', () => {
    const context = new ConnectionContext('c-1', {} as Connection);
    let calls = 0;
    for (let i = 0; i < 100; i++) {
      const closing = link();
      context.onLinkClose(closing, () => calls++);
      closing.emit('sender_close');
      closing.emit('sender_close');
    }
    assert.equal(calls, 100);
    assert.equal(context.closeCallbacks, 0);
  });

  it('runs the callbacks of links still open once when the connection closes, and not again when they close', () => {
    const context = new ConnectionContext('c-1', {} as Connection);
    const open = link();
    let calls = 0;
    context.onLinkClose(open, () => calls++);
    context.closed();
    open.emit('sender_close');
    assert.equal(calls, 1);
    assert.equal(context.closeCallbacks, 0);
  });
});
