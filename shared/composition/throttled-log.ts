/**
 * Logs the first report and then one in a hundred: an outage of a best-effort dependency (telemetry) would otherwise
 * write a line per lost record.
 */
export function throttledLog<Args extends unknown[]>(
  log: (line: string) => void,
  describe: (...args: Args) => string,
  every = 100,
): (...args: Args) => void {
  let reports = 0;
  return (...args) => {
    if (reports % every === 0) log(`${describe(...args)}${reports > 0 ? ` (report ${reports + 1})` : ''}`);
    reports += 1;
  };
}
