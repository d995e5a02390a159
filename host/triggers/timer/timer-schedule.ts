import { parseTimeSpan } from '../../settings/time-span.js';
import { parseNcrontab, type Schedule } from './ncrontab-schedule.js';

/**
 * A timer trigger's `schedule` as the host reads it: an NCRONTAB expression, else a TimeSpan ("00:05:00": every
 * five minutes from start, which Azure allows on dedicated plans only). Throws the host's message when it is neither.
 */
export function parseTimerSchedule(text: string): Schedule {
  try {
    return parseNcrontab(text);
  } catch (cronError) {
    const interval = /^\s*\d+\.?\d*:\d/.test(text) ? parseTimeSpan(text) : undefined;
    if (interval !== undefined && interval > 0) {
      return { text, adjustForDst: false, nextAfter: (ms) => ms + interval };
    }
    throw new Error(
      `The schedule expression '${text}' was not recognized as a valid cron expression or timespan string ` +
        `(${(cronError as Error).message})`,
    );
  }
}
