import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTimerSchedule } from '../../host/triggers/timer/timer-schedule.js';

const nextOccurrences = (schedule: string, from: string, count: number): string[] => {
  const parsed = parseTimerSchedule(schedule);
  const found: string[] = [];
  let at: number | undefined = Date.parse(from);
  while (found.length < count && (at = parsed.nextAfter(at)) !== undefined)
    found.push(new Date(at).toISOString());
  return found;
};

describe('timer schedules', () => {
  const cases: [schedule: string, from: string, expected: string[]][] = [
    ['0 */5 * * * *', '2026-01-01T10:02:30Z', ['2026-01-01T10:05:00.000Z', '2026-01-01T10:10:00.000Z']],
    ['0 */5 * * * *', '2026-01-01T10:05:00Z', ['2026-01-01T10:10:00.000Z']],
    ['*/15 * * * * *', '2026-01-01T10:00:00.500Z', ['2026-01-01T10:00:15.000Z', '2026-01-01T10:00:30.000Z']],
    [
      '5-10/2 * * * * *',
      '2026-01-01T10:00:00Z',
      [
        '2026-01-01T10:00:05.000Z',
        '2026-01-01T10:00:07.000Z',
        '2026-01-01T10:00:09.000Z',
        '2026-01-01T10:01:05.000Z',
      ],
    ],
    [
      '30/10 0 0 * * *',
      '2026-01-01T00:00:00Z',
      [
        '2026-01-01T00:00:30.000Z',
        '2026-01-01T00:00:40.000Z',
        '2026-01-01T00:00:50.000Z',
        '2026-01-02T00:00:30.000Z',
      ],
    ],
    ['0 0 9,17 * * *', '2026-01-01T12:00:00Z', ['2026-01-01T17:00:00.000Z', '2026-01-02T09:00:00.000Z']],
    ['0 30 9 * * MON-FRI', '2026-01-02T10:00:00Z', ['2026-01-05T09:30:00.000Z', '2026-01-06T09:30:00.000Z']],
    ['0 0 0 1 Jan *', '2026-06-01T00:00:00Z', ['2027-01-01T00:00:00.000Z']],
    ['0 0 12 29 2 *', '2026-03-01T00:00:00Z', ['2028-02-29T12:00:00.000Z']],
    // Both the day of month and the day of week must match, as in NCrontab: Friday the 13th.
    ['0 0 0 13 * 5', '2026-01-01T00:00:00Z', ['2026-02-13T00:00:00.000Z', '2026-03-13T00:00:00.000Z']],
    ['0 0 0 30 2 *', '2026-01-01T00:00:00Z', []],
    ['00:05:00', '2026-01-01T10:02:30Z', ['2026-01-01T10:07:30.000Z', '2026-01-01T10:12:30.000Z']],
  ];

  for (const [schedule, from, expected] of cases) {
    it(`occurs at ${expected.join(', ') || 'no time'} after ${from} when the schedule is "${schedule}"`, () => {
      assert.deepEqual(nextOccurrences(schedule, from, Math.max(expected.length, 1)), expected);
    });
  }

  const refused: [schedule: string, problem: RegExp][] = [
    ['0 */5 * * *', /has 5 fields; an NCRONTAB schedule has six/],
    ['60 * * * * *', /the second field "60" .* has "60", which is not a second \(0-59\)/],
    ['* * * * 13 *', /the month field "13"/],
    ['* * * * * 7', /the day of week field "7"/],
    ['* * * * * Mo', /the day of week field "Mo"/],
    ['5-1 * * * * *', /has the range "5-1", which runs backwards/],
    ['*/0 * * * * *', /has an invalid step "0"/],
    [
      'every hour',
      /The schedule expression 'every hour' was not recognized as a valid cron expression or timespan string/,
    ],
  ];

  for (const [schedule, problem] of refused) {
    it(`refuses "${schedule}" with a message naming the problem`, () => {
      assert.throws(() => parseTimerSchedule(schedule), problem);
    });
  }
});
