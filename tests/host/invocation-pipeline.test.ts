import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningHost } from '../../host/start-host.js';
import { fixtureEvents } from '../fixtures/host-apps/support/fixture-events.js';
import { type LogCollector, startFixtureHost } from './support/fixture-host.js';
import { nextEvent, nextEvents } from './support/wait-for.js';

interface HookEvent {
  hook: string;
  invocationId?: string;
  preSaw?: string;
  error?: string | null;
  startedBy?: string;
}

describe('the invocation pipeline', () => {
  let host: RunningHost;
  let logs: LogCollector;
  let appStarted: Promise<HookEvent>;

  before(async () => {
    appStarted = nextEvent<HookEvent>(fixtureEvents, 'hook', (event) => event.hook === 'appStart');
    ({ host, logs } = await startFixtureHost('hooks-app'));
  });

  after(() => host.close());

  const get = (headers: Record<string, string> = {}): Promise<Response> =>
    fetch(`${host.url}/api/hooked`, { headers });

  it('runs the appStart hooks while the host starts', async () => {
    assert.deepEqual(await appStarted, { hook: 'appStart' });
  });

  it('runs preInvocation hooks, the handler, then postInvocation hooks, for the same invocation', async () => {
    const steps = nextEvents<HookEvent>(fixtureEvents, 'hook', 3);
    const response = await get();
    assert.equal(await response.text(), 'from the handler');
    const [pre, handler, post] = await steps;
    assert.deepEqual([pre!.hook, handler!.hook, post!.hook], ['preInvocation', 'handler', 'postInvocation']);
    assert.equal(handler!.invocationId, pre!.invocationId);
    assert.equal(post!.invocationId, pre!.invocationId);
    assert.equal(post!.preSaw, pre!.invocationId, 'hookData set by preInvocation reaches postInvocation');
  });

  it('passes the inputs a preInvocation hook replaced to the handler', async () => {
    const response = await get({ 'x-replace-input': 'replaced by the hook' });
    assert.deepEqual(await response.json(), { input: 'replaced by the hook' });
  });

  it('runs the handler a preInvocation hook put in place of the function, not the function', async () => {
    // Every hook and handler reports synchronously before the response is written.
    const seen: string[] = [];
    const record = (event: HookEvent): number => seen.push(event.hook);
    fixtureEvents.on('hook', record);
    try {
      const response = await get({ 'x-replace-handler': 'yes' });
      assert.equal(await response.text(), 'from the replacement handler');
    } finally {
      fixtureEvents.off('hook', record);
    }
    assert.deepEqual(seen, ['preInvocation', 'postInvocation']);
  });

  it('answers with the result a postInvocation hook put in place', async () => {
    const response = await get({ 'x-replace-result': 'yes' });
    assert.equal(await response.text(), 'from the postInvocation hook');
  });

  it('shows the error to postInvocation hooks and fails the invocation', async () => {
    const post = nextEvent<HookEvent>(fixtureEvents, 'hook', (event) => event.hook === 'postInvocation');
    const response = await get({ 'x-throw': 'yes' });
    assert.equal(response.status, 500);
    assert.equal((await post).error, 'handler failed');
  });

  it('succeeds when a postInvocation hook clears the error', async () => {
    const response = await get({ 'x-throw': 'yes', 'x-clear-error': 'yes' });
    assert.equal(response.status, 202);
    assert.equal(await response.text(), 'error cleared');
  });

  it('lets log hooks rewrite the level and message of user logs', async () => {
    const response = await get();
    await response.text();
    const rewritten = await logs.waitFor((record) => record.message === '[rewritten] please rewrite me');
    assert.equal(rewritten.level, 'warning');
    assert.equal(rewritten.category, 'Function.hooked.User');
  });

  it('runs the appTerminate hooks on close, with the hook data of appStart', async () => {
    const terminated = nextEvent<HookEvent>(fixtureEvents, 'hook', (event) => event.hook === 'appTerminate');
    const { host: second } = await startFixtureHost('hooks-app');
    await second.close();
    assert.deepEqual(await terminated, { hook: 'appTerminate', startedBy: 'appStart' });
  });
});
