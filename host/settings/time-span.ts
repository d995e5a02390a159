// .NET TimeSpan strings ("[d.]hh:mm[:ss[.fffffff]]", or whole days "d"), the format of durations in host.json.
const timeSpanPattern = /^(-)?(?:(\d+)\.)?(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,7}))?)?$/;

/** Milliseconds of a TimeSpan string, or undefined when the text is not one. */
export function parseTimeSpan(text: string): number | undefined {
  const days = /^-?\d+$/.exec(text.trim());
  if (days) return Number(days[0]) * 86_400_000;
  const match = timeSpanPattern.exec(text.trim());
  if (!match) return undefined;
  const [, minus, wholeDays = '0', hours = '0', minutes = '0', seconds = '0', fraction = ''] = match;
  if (Number(hours) > 23 || Number(minutes) > 59 || Number(seconds) > 59) return undefined;
  const ms =
    ((Number(wholeDays) * 24 + Number(hours)) * 60 + Number(minutes)) * 60_000 +
    Number(seconds) * 1000 +
    Math.round(Number(`0.${fraction || '0'}`) * 1000);
  return minus ? -ms : ms;
}

/** A duration as .NET prints a TimeSpan: "00:05:00", "1.02:03:04", "00:00:00.2500000". */
export function formatTimeSpan(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  let rest = Math.abs(Math.round(ms));
  const days = Math.floor(rest / 86_400_000);
  rest -= days * 86_400_000;
  const parts = [3_600_000, 60_000, 1000].map((unit) => {
    const value = Math.floor(rest / unit);
    rest -= value * unit;
    return String(value).padStart(2, '0');
  });
  const fraction = rest > 0 ? `.${String(rest).padStart(3, '0')}0000` : '';
  return `${sign}${days > 0 ? `${days}.` : ''}${parts.join(':')}${fraction}`;
}
