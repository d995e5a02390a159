import type { Clock, Timer } from '../../clock.js';
import type { RegisteredFunction } from '../../core/app-registry.js';
import { newtonsoftLocal, roundTripUtc } from '../../dotnet-time.js';
import { drain, shutdownGraceMs } from '../../drain.js';
import type { Logger } from '../../host-log.js';
import { toError } from '../../to-error.js';
import type { FunctionExecutor, InvocationOutcome } from '../../invocation/function-executor.js';
import { executeWithRetries, type RetryPolicy } from '../../invocation/retry-policy.js';
import type { Schedule } from './ncrontab-schedule.js';
import type { ScheduleStatus, ScheduleStatusStore } from './schedule-status-store.js';

export interface TimerListenerOptions {
  fn: RegisteredFunction;
  triggerName: string;
  schedule: Schedule;
  runOnStartup: boolean;
  /** Whether the schedule status is kept and handed to the function (`useMonitor`). */
  useMonitor: boolean;
  retryPolicy: RetryPolicy | undefined;
  executor: FunctionExecutor;
  store: ScheduleStatusStore;
  clock: Clock;
  logger: Logger;
}

/**
 * Runs one timer function on its schedule, as the WebJobs `TimerListener`: on start, an occurrence missed while
 * the host was down runs at once with `isPastDue`, else `runOnStartup` runs it once; afterwards each occurrence
 * runs when due, one at a time, and the status moves on even when the function fails.
 */
export class TimerListener {
  readonly #options: TimerListenerOptions;
  readonly #stopped = new AbortController();
  #timer: Timer | undefined;
  #status: ScheduleStatus | undefined;
  #running: Promise<void> = Promise.resolve();

  constructor(options: TimerListenerOptions) {
    this.#options = options;
  }

  /** Resolves once the timer is armed; a startup invocation runs in the background. */
  async start(): Promise<void> {
    const { fn, schedule, store, clock, logger } = this.#options;
    const now = clock.now();
    const stored = this.#options.useMonitor ? await store.get(timerName(fn)) : undefined;
    const isPastDue = stored !== undefined && now > stored.next;
    this.#status = stored ?? { last: undefined, next: schedule.nextAfter(now) ?? Infinity, lastUpdated: now };
    logger.host('information', describeNextOccurrences(fn.name, schedule, now));

    if (isPastDue || this.#options.runOnStartup)
      this.#runThenArm(now, { isPastDue, runOnStartup: !isPastDue });
    else this.#arm();
  }

  /** Stops scheduling; waits (within the shutdown grace) for a running invocation to finish. */
  async stop(): Promise<void> {
    this.#stopped.abort();
    this.#timer?.cancel();
    const left = await drain([this.#running], shutdownGraceMs);
    if (left > 0)
      this.#options.logger.host('warning', `Closed with 'Functions.${this.#options.fn.name}' still running.`);
  }

  #arm(): void {
    const next = this.#status!.next;
    if (this.#stopped.signal.aborted || next === Infinity) return;
    this.#timer = this.#options.clock.setTimer(next, () =>
      this.#runThenArm(this.#options.clock.now(), { isPastDue: false, runOnStartup: false }),
    );
  }

  #runThenArm(invocationTime: number, how: { isPastDue: boolean; runOnStartup: boolean }): void {
    this.#running = this.#invoke(invocationTime, how)
      .catch((error: unknown) => {
        const { message } = toError(error);
        this.#options.logger.host(
          'error',
          `The timer of 'Functions.${this.#options.fn.name}' failed: ${message}`,
        );
      })
      .then(() => this.#arm());
  }

  async #invoke(invocationTime: number, how: { isPastDue: boolean; runOnStartup: boolean }): Promise<void> {
    const { fn, triggerName, schedule, executor, clock, store, useMonitor } = this.#options;
    const status = this.#status!;
    const timerInfo = {
      Schedule: { AdjustForDST: schedule.adjustForDst },
      ScheduleStatus: useMonitor ? serializeStatus(status) : null,
      IsPastDue: how.isPastDue,
    };
    await executeWithRetries({
      policy: this.#options.retryPolicy,
      clock,
      signal: this.#stopped.signal,
      attempt: (retryContext): Promise<InvocationOutcome> =>
        executor.execute(fn, {
          inputData: [{ name: triggerName, data: { json: JSON.stringify(timerInfo) } }],
          reason: `Timer fired at ${roundTripUtc(clock.now())}`,
          ...(retryContext && { retryContext }),
        }),
    });

    // An occurrence that fired a little early counts as the scheduled one, so it is not run twice.
    const adjusted =
      !how.isPastDue && !how.runOnStartup && status.next > invocationTime ? status.next : invocationTime;
    this.#status = { last: adjusted, next: schedule.nextAfter(adjusted) ?? Infinity, lastUpdated: adjusted };
    if (useMonitor) await store.set(timerName(fn), this.#status);
  }
}

/** The name the host keeps a timer's status under. */
function timerName(fn: RegisteredFunction): string {
  return `Host.Functions.${fn.name}`;
}

// Newtonsoft's shapes: the unset `Last` is DateTime.MinValue, without an offset.
function serializeStatus(status: ScheduleStatus): { Last: string; Next: string; LastUpdated: string } {
  return {
    Last: status.last === undefined ? '0001-01-01T00:00:00' : newtonsoftLocal(status.last),
    Next: status.next === Infinity ? '9999-12-31T23:59:59.9999999' : newtonsoftLocal(status.next),
    LastUpdated: newtonsoftLocal(status.lastUpdated),
  };
}

function describeNextOccurrences(functionName: string, schedule: Schedule, from: number): string {
  const lines: string[] = [];
  let at: number | undefined = from;
  while (lines.length < 5 && (at = schedule.nextAfter(at)) !== undefined)
    lines.push(new Date(at).toISOString());
  return `The next ${lines.length} occurrences of the 'Functions.${functionName}' schedule (${schedule.text}) will be:\n${lines.join('\n')}`;
}
