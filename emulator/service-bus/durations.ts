/**
 * Parses the durations found in Service Bus configuration: ISO 8601 (`PT1M`, `P14D`, `P10675199DT2H48M5.4775807S`)
 * and .NET TimeSpan text (`00:01:00`, `1.00:00:00`). Returns milliseconds, or undefined when the text is neither.
 */
export function parseDuration(text: string): number | undefined {
  const iso =
    /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(
      text.trim(),
    );
  if (iso && text.trim().length > 1 && !/T$/i.test(text.trim())) {
    const [, d, h, m, s] = iso;
    return Math.round(
      ((Number(d ?? 0) * 24 + Number(h ?? 0)) * 60 + Number(m ?? 0)) * 60_000 + Number(s ?? 0) * 1000,
    );
  }
  const span = /^(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(text.trim());
  if (span) {
    const [, d, h, m, s] = span;
    return Math.round(((Number(d ?? 0) * 24 + Number(h)) * 60 + Number(m)) * 60_000 + Number(s) * 1000);
  }
  return undefined;
}

/** Formats milliseconds as the ISO 8601 duration the admin API reports. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return 'P10675199DT2H48M5.4775807S';
  const seconds = ms / 1000;
  return `PT${Number.isInteger(seconds) ? seconds : seconds.toFixed(3)}S`;
}
