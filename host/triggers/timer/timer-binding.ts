import type { RegisteredFunction } from '../../core/app-registry.js';
import { bindingOption, type NamedBinding } from '../../function-bindings.js';
import { type RetryPolicy, retryPolicyFromOptions } from '../../invocation/retry-policy.js';
import { resolveAppSettingExpressions } from '../../settings/app-setting-expressions.js';
import type { AppSettings } from '../../settings/app-settings.js';
import type { Schedule } from './ncrontab-schedule.js';
import { parseTimerSchedule } from './timer-schedule.js';

export interface TimerBinding {
  fn: RegisteredFunction;
  triggerName: string;
  schedule: Schedule;
  runOnStartup: boolean;
  useMonitor: boolean;
  retryPolicy: RetryPolicy | undefined;
}

/**
 * Reads a timer trigger's options: `schedule` (with `%Setting%` resolved), `runOnStartup`, `useMonitor` (by
 * default on for schedules that recur a minute or more apart) and the retry policy (the function's, else
 * host.json's). Every problem is returned, none thrown.
 */
export function readTimerBinding(options: {
  fn: RegisteredFunction;
  trigger: NamedBinding;
  settings: AppSettings;
  hostRetryPolicy: RetryPolicy | undefined;
  now: number;
}): { binding?: TimerBinding; problems: string[] } {
  const { fn, trigger, settings, now } = options;
  const where = `function '${fn.name}'`;
  const problems: string[] = [];

  const scheduleOption = bindingOption(trigger.binding, 'schedule');
  if (typeof scheduleOption !== 'string' || scheduleOption.trim() === '') {
    return { problems: [`${where}: the timer trigger has no "schedule"`] };
  }
  const resolved = resolveAppSettingExpressions(scheduleOption, settings);
  if (resolved.problems.length > 0)
    return { problems: resolved.problems.map((problem) => `${where}: ${problem}`) };

  let schedule: Schedule;
  try {
    schedule = parseTimerSchedule(resolved.value);
  } catch (error) {
    return { problems: [`${where}: ${(error as Error).message}`] };
  }

  const retryPolicy = fn.metadata.retryOptions
    ? retryPolicyFromOptions(fn.metadata.retryOptions, problems, `${where} "retry"`)
    : options.hostRetryPolicy;
  const binding: TimerBinding = {
    fn,
    triggerName: trigger.name,
    schedule,
    runOnStartup: bindingOption(trigger.binding, 'runOnStartup') === true,
    useMonitor: readUseMonitor(trigger, schedule, now),
    retryPolicy,
  };
  return problems.length > 0 ? { problems } : { binding, problems };
}

function readUseMonitor(trigger: NamedBinding, schedule: Schedule, now: number): boolean {
  const option = bindingOption(trigger.binding, 'useMonitor');
  if (typeof option === 'boolean') return option;
  const first = schedule.nextAfter(now);
  const second = first === undefined ? undefined : schedule.nextAfter(first);
  return first === undefined || second === undefined || second - first >= 60_000;
}
