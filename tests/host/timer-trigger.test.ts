import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { RunningHost, StartHostOptions } from '../../host/start-host.js';
import { InMemoryScheduleStatusStore } from '../../host/triggers/timer/schedule-status-store.js';
import { fixtureEvents } from '../fixtures/host-apps/support/fixture-events.js';
import { type LogCollector, startFixtureHost } from './support/fixture-host.js';
import { ManualClock } from './support/manual-clock.js';
import { nextEvent, until } from './support/wait-for.js';

interface TimerRun {
  functionName: string;
  timer: {
    isPastDue: boolean;
    schedule: { adjustForDST: boolean };
    scheduleStatus: { last: string; next: string; lastUpdated: string } | null;
  };
  retryContext?: { retryCount: number; maxRetryCount: number; exception?: { message?: string } };
}

const start = Date.UTC(2026, 0, 1, 10, 2, 30);
const at = (time: string): number => Date.parse(`2026-01-01T${time}Z`);

describe('the timer trigger', () => {
  const hosts: RunningHost[] = [];

  // Each test closes its hosts, which also takes the settings they put in process.env away again.
  afterEach(async () => {
    await Promise.all(hosts.splice(0).map((host) => host.close()));
  });

  const startTimers = async (
    options: Partial<StartHostOptions> = {},
  ): Promise<{ host: RunningHost; logs: LogCollector; clock: ManualClock }> => {
    const clock = new ManualClock(start);
    const started = await startFixtureHost('timer-app', {
      clock,
      settings: { HourlySchedule: '0 0 * * * *' },
      ...options,
    });
    hosts.push(started.host);
    return { ...started, clock };
  };

  const runOf = (functionName: string) =>
    nextEvent<TimerRun>(fixtureEvents, 'timer', (run) => run.functionName === functionName);

  it('runs a function when its schedule falls due, with the schedule status the host keeps', async () => {
    const { clock, logs } = await startTimers();
    const first = runOf('everyFiveMinutes');
    clock.advanceTo(at('10:05:00'));
    assert.deepEqual((await first).timer, {
      schedule: { adjustForDST: true },
      scheduleStatus: {
        last: '0001-01-01T00:00:00',
        next: '2026-01-01T10:05:00+00:00',
        lastUpdated: '2026-01-01T10:02:30+00:00',
      },
      isPastDue: false,
    });
    await logs.waitFor((record) =>
      record.message.includes(
        `'Functions.everyFiveMinutes' (Reason='Timer fired at 2026-01-01T10:05:00.0000000Z'`,
      ),
    );

    await until(() => clock.hasTimerAt(at('10:10:00')));
    const second = runOf('everyFiveMinutes');
    clock.advanceTo(at('10:10:00'));
    assert.deepEqual((await second).timer.scheduleStatus, {
      last: '2026-01-01T10:05:00+00:00',
      next: '2026-01-01T10:10:00+00:00',
      lastUpdated: '2026-01-01T10:05:00+00:00',
    });
  });

  it('runs a runOnStartup function once as the host starts', async () => {
    const run = runOf('onStartup');
    await startTimers();
    assert.equal((await run).timer.isPastDue, false);
  });

  it('hands no schedule status to a function whose schedule recurs within a minute', async () => {
    const { clock } = await startTimers();
    const run = runOf('everySecond');
    clock.advance(1000);
    assert.equal((await run).timer.scheduleStatus, null);
  });

  it('runs an occurrence missed while the host was down as soon as it starts, with isPastDue', async () => {
    const store = new InMemoryScheduleStatusStore();
    await store.set('Host.Functions.everyFiveMinutes', {
      last: at('09:50:00'),
      next: at('09:55:00'),
      lastUpdated: at('09:50:00'),
    });
    const run = runOf('everyFiveMinutes');
    await startTimers({ scheduleStatusStore: store });
    const { timer } = await run;
    assert.equal(timer.isPastDue, true);
    assert.equal(timer.scheduleStatus?.next, '2026-01-01T09:55:00+00:00');
    // The status moves past the missed occurrence once the run has finished.
    await until(
      async () => ((await store.get('Host.Functions.everyFiveMinutes'))?.next ?? 0) === at('10:05:00'),
    );
  });

  it('takes the schedule from the app setting a %name% expression names', async () => {
    const { clock } = await startTimers();
    const run = runOf('fromSetting');
    clock.advanceTo(at('11:00:00'));
    assert.equal((await run).timer.scheduleStatus?.next, '2026-01-01T11:00:00+00:00');
  });

  it('retries a failing run on the clock with the retry context, then waits for the next occurrence', async () => {
    const { clock, logs } = await startTimers();
    const attempts: TimerRun[] = [];
    for (let retry = 0; retry <= 2; retry++) {
      const attempt = runOf('retried');
      if (retry === 0) clock.advanceTo(at('11:00:00'));
      else {
        const due = at('11:00:00') + retry * 10_000;
        await until(() => clock.hasTimerAt(due));
        clock.advanceTo(due);
      }
      attempts.push(await attempt);
    }
    assert.deepEqual(
      attempts.map(({ retryContext }) => [
        retryContext?.retryCount,
        retryContext?.maxRetryCount,
        retryContext?.exception?.message,
      ]),
      [
        [0, 2, undefined],
        [1, 2, 'attempt 0 failed'],
        [2, 2, 'attempt 1 failed'],
      ],
    );
    await logs.waitFor(
      (record) =>
        record.message.startsWith(`Executed 'Functions.retried' (Failed`) && record.time === at('11:00:20'),
    );
    await until(() => clock.hasTimerAt(at('12:00:00')));
  });

  it('refuses to start, naming the setting, when a schedule refers to a missing one', async () => {
    await assert.rejects(
      startFixtureHost('timer-app', { clock: new ManualClock(start) }),
      (error: Error & { problems?: string[] }) => {
        assert.deepEqual(error.problems, [
          `function 'fromSetting': '%HourlySchedule%' does not resolve to a value (no app setting "HourlySchedule")`,
        ]);
        return true;
      },
    );
  });

  it('refuses to start, quoting the schedule, when a schedule is not NCRONTAB', async () => {
    await assert.rejects(startTimers({ settings: { HourlySchedule: 'hourly' } }), {
      name: 'HostStartError',
      message: /function 'fromSetting': The schedule expression 'hourly' was not recognized/,
    });
  });

  it('stops every timer on close', async () => {
    const { host, clock } = await startTimers();
    assert.ok(clock.pendingTimers > 0);
    await host.close();
    assert.equal(clock.pendingTimers, 0);
  });
});
