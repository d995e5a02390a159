/** Severity of a log record, with the names the Functions host and worker use. */
export type LogLevel = 'trace' | 'debug' | 'information' | 'warning' | 'error' | 'critical';

export interface LogRecord {
  /** Epoch ms, from the host's clock. */
  time: number;
  level: LogLevel;
  /** `Host` for the host itself, `Function.<name>` for invocation lines, `Function.<name>.User` for the app's logs. */
  category: string;
  message: string;
  functionName?: string;
  invocationId?: string;
}

/** Where the host's log records go; the default writes one line per record to stdout, as `func start` does. */
export type HostLog = (record: LogRecord) => void;

export const logLevelRank: Record<LogLevel | 'none', number> = {
  trace: 0,
  debug: 1,
  information: 2,
  warning: 3,
  error: 4,
  critical: 5,
  none: 6,
};

export function isLogLevel(value: string): value is LogLevel {
  return value in logLevelRank && value !== 'none';
}

export const consoleLog: HostLog = (record) => {
  const stream = logLevelRank[record.level] >= logLevelRank.error ? process.stderr : process.stdout;
  stream.write(`[${new Date(record.time).toISOString()}] ${record.message}\n`);
};

/** Stamps records with the host's clock and drops those below the configured level. */
export class Logger {
  readonly #sink: HostLog;
  readonly #now: () => number;
  readonly #minimumRank: number;

  constructor(options: { sink: HostLog; now: () => number; minimumLevel: LogLevel | 'none' }) {
    this.#sink = options.sink;
    this.#now = options.now;
    this.#minimumRank = logLevelRank[options.minimumLevel];
  }

  write(entry: Omit<LogRecord, 'time'>): void {
    if (logLevelRank[entry.level] < this.#minimumRank) return;
    this.#sink({ time: this.#now(), ...entry });
  }

  host(level: LogLevel, message: string): void {
    this.write({ level, category: 'Host', message });
  }
}
