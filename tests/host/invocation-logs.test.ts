import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningHost } from '../../host/start-host.js';
import { type LogCollector, startFixtureHost } from './support/fixture-host.js';

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('invocation logs and identity', () => {
  let host: RunningHost;
  let logs: LogCollector;

  before(async () => {
    ({ host, logs } = await startFixtureHost('http-app'));
  });

  after(() => host.close());

  const echo = async (
    headers: Record<string, string> = {},
  ): Promise<{ invocationId: string; traceParent: string }> =>
    (await fetch(`${host.url}/api/echo/x`, { headers })).json() as Promise<{
      invocationId: string;
      traceParent: string;
    }>;

  it('logs "Executing" and "Executed" with the function, the invocation id, the outcome and the duration', async () => {
    const { invocationId } = await echo();
    assert.match(invocationId, guid);
    const executing = await logs.waitFor(
      (record) =>
        record.message.startsWith(`Executing 'Functions.echo'`) && record.invocationId === invocationId,
    );
    assert.equal(
      executing.message,
      `Executing 'Functions.echo' (Reason='This function was programmatically called via the host APIs.', Id=${invocationId})`,
    );
    const executed = await logs.waitFor((record) =>
      record.message.startsWith(`Executed 'Functions.echo' (Succeeded, Id=${invocationId}`),
    );
    assert.match(executed.message, /, Duration=\d+ms\)$/);
    assert.equal(executed.category, 'Function.echo');
  });

  it('logs a failed invocation as Failed at error level, with the exception the function threw', async () => {
    const response = await fetch(`${host.url}/api/throws`);
    assert.equal(response.status, 500);
    const executed = await logs.waitFor((record) =>
      record.message.startsWith(`Executed 'Functions.throws' (Failed`),
    );
    assert.equal(executed.level, 'error');
    const exception = await logs.waitFor(
      (record) =>
        record.invocationId === executed.invocationId &&
        record.message.startsWith('Exception while executing'),
    );
    assert.match(
      exception.message,
      /^Exception while executing function: Functions\.throws\. Result: Failure\nException: secret detail that must not leak\nStack: Error: secret detail/,
    );
  });

  it('attributes the logs a function writes to its invocation, at their level', async () => {
    const response = await fetch(`${host.url}/api/logs`);
    assert.equal(await response.text(), 'logged');
    const executing = await logs.waitFor((record) => record.message.startsWith(`Executing 'Functions.logs'`));
    const userLogs = logs.records.filter(
      (record) => record.invocationId === executing.invocationId && record.category === 'Function.logs.User',
    );
    assert.deepEqual(
      userLogs.map(({ level, message, functionName }) => ({ level, message, functionName })),
      [
        { level: 'information', message: 'an information line', functionName: 'logs' },
        { level: 'warning', message: 'a warning line', functionName: 'logs' },
        { level: 'error', message: 'an error line', functionName: 'logs' },
      ],
    );
  });

  it('gives every invocation an id of its own', async () => {
    const [first, second] = await Promise.all([echo(), echo()]);
    assert.notEqual(first.invocationId, second.invocationId);
  });

  it("continues the caller's W3C trace in a new span", async () => {
    const caller = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const { traceParent } = await echo({ traceparent: caller });
    const [version, traceId, spanId, flags] = traceParent.split('-');
    assert.deepEqual([version, traceId, flags], ['00', '0af7651916cd43dd8448eb211c80319c', '01']);
    assert.match(spanId!, /^[0-9a-f]{16}$/);
    assert.notEqual(spanId, 'b7ad6b7169203331');
  });

  it('starts a new trace when the request carries none or an invalid one', async () => {
    for (const headers of [{}, { traceparent: 'not-a-trace' }] as Record<string, string>[]) {
      const { traceParent } = await echo(headers);
      assert.match(traceParent, /^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
    }
  });
});
