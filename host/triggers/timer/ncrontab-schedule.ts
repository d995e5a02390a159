/** A recurring schedule: the first occurrence strictly after a time, in epoch ms (UTC). */
export interface Schedule {
  /** Undefined when the schedule never occurs again (such as the 30th of February). */
  nextAfter(ms: number): number | undefined;
  /** Whether intervals follow the local clock through DST changes; reported to the function as `adjustForDST`. */
  readonly adjustForDst: boolean;
  readonly text: string;
}

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: string[];
}

const fields: FieldSpec[] = [
  { name: 'second', min: 0, max: 59 },
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day', min: 1, max: 31 },
  {
    name: 'month',
    min: 1,
    max: 12,
    names: [
      'january',
      'february',
      'march',
      'april',
      'may',
      'june',
      'july',
      'august',
      'september',
      'october',
      'november',
      'december',
    ],
  },
  {
    name: 'day of week',
    min: 0,
    max: 6,
    names: ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'],
  },
];

const dayMs = 86_400_000;
// An occurrence further away than this counts as never; NCrontab searches to DateTime.MaxValue, which no host reaches.
const searchDays = 30 * 366;

/**
 * A six-field NCRONTAB expression, as the timer trigger takes it: `{second} {minute} {hour} {day} {month}
 * {day-of-week}`, each field `*`, a value, a range `a-b`, a step `*\/n`, `a-b/n` or `a/n`, or a comma-separated list;
 * months and days of week also by name (`Jan`, `MON`). As in NCrontab, a day must match both the day-of-month and
 * the day-of-week fields. Evaluated in UTC. Throws a message naming the problem.
 */
export function parseNcrontab(text: string): Schedule {
  const parts = text.trim().split(/\s+/);
  if (parts.length !== 6) {
    throw new Error(
      `"${text}" has ${parts.length} fields; an NCRONTAB schedule has six: second minute hour day month day-of-week`,
    );
  }
  const [seconds, minutes, hours, days, months, weekdays] = parts.map((part, index) =>
    parseField(part, fields[index]!, text),
  );
  const allowed = {
    seconds: seconds!,
    minutes: minutes!,
    hours: hours!,
    days: days!,
    months: months!,
    weekdays: weekdays!,
  };

  return {
    text,
    adjustForDst: true,
    nextAfter(ms) {
      // Occurrences fall on whole seconds, strictly after `ms`.
      const start = Math.floor(ms / 1000) * 1000 + 1000;
      const firstDay = start - (start % dayMs);
      for (let day = firstDay; day <= firstDay + searchDays * dayMs; day += dayMs) {
        const date = new Date(day);
        if (!allowed.months.has(date.getUTCMonth() + 1)) continue;
        if (!allowed.days.has(date.getUTCDate()) || !allowed.weekdays.has(date.getUTCDay())) continue;
        const second = firstSecondOfDay(allowed, day === firstDay ? (start - day) / 1000 : 0);
        if (second !== undefined) return day + second * 1000;
      }
      return undefined;
    },
  };
}

/** The first allowed second of a day at or after `from` (seconds since midnight). */
function firstSecondOfDay(
  allowed: { seconds: Set<number>; minutes: Set<number>; hours: Set<number> },
  from: number,
): number | undefined {
  const fromHour = Math.floor(from / 3600);
  const fromMinute = Math.floor((from % 3600) / 60);
  for (let hour = fromHour; hour < 24; hour++) {
    if (!allowed.hours.has(hour)) continue;
    for (let minute = hour === fromHour ? fromMinute : 0; minute < 60; minute++) {
      if (!allowed.minutes.has(minute)) continue;
      const firstSecond = hour === fromHour && minute === fromMinute ? from % 60 : 0;
      for (let second = firstSecond; second < 60; second++) {
        if (allowed.seconds.has(second)) return (hour * 60 + minute) * 60 + second;
      }
    }
  }
  return undefined;
}

function parseField(text: string, spec: FieldSpec, expression: string): Set<number> {
  const values = new Set<number>();
  const fail = (why: string): never => {
    throw new Error(`the ${spec.name} field "${text}" of "${expression}" ${why}`);
  };
  for (const item of text.split(',')) {
    const [range = '', stepText, extra] = item.split('/');
    if (extra !== undefined) fail('has more than one "/"');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) fail(`has an invalid step "${stepText}"`);

    let first: number;
    let last: number;
    if (range === '*') {
      first = spec.min;
      last = spec.max;
    } else {
      const [low = '', high, more] = range.split('-');
      if (more !== undefined) fail('has a range with more than one "-"');
      first =
        parseValue(low, spec) ?? fail(`has "${low}", which is not a ${spec.name} (${spec.min}-${spec.max})`);
      last =
        high !== undefined
          ? (parseValue(high, spec) ??
            fail(`has "${high}", which is not a ${spec.name} (${spec.min}-${spec.max})`))
          : stepText !== undefined
            ? spec.max
            : first;
      if (last < first) fail(`has the range "${range}", which runs backwards`);
    }
    for (let value = first; value <= last; value += step) values.add(value);
  }
  return values;
}

function parseValue(text: string, spec: FieldSpec): number | undefined {
  if (/^\d+$/.test(text)) {
    const value = Number(text);
    return value >= spec.min && value <= spec.max ? value : undefined;
  }
  const lower = text.toLowerCase();
  const index = spec.names?.findIndex(
    (name) => lower.length >= 3 && name.startsWith(lower) && (lower.length === 3 || lower === name),
  );
  return index === undefined || index < 0 ? undefined : spec.min + index;
}
