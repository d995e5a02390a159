import { EventEmitter, on } from 'node:events';
import { fileURLToPath } from 'node:url';
import {
  type LogRecord,
  type RunningHost,
  type StartHostOptions,
  startHost,
} from '../../../host/start-host.js';

/** The source folder of a fixture app: its package.json points `main` at the compiled files in dist/. */
export function fixtureDir(name: string): string {
  return fileURLToPath(new URL(`../../../../tests/fixtures/host-apps/${name}/`, import.meta.url));
}

/** Keeps every log record of a host, and lets a test wait for one. */
export class LogCollector {
  readonly records: LogRecord[] = [];
  readonly #added = new EventEmitter();

  readonly sink = (record: LogRecord): void => {
    this.records.push(record);
    this.#added.emit('record', record);
  };

  /** The first record, past or future, that matches; rejects after `timeoutMs`. */
  async waitFor(matches: (record: LogRecord) => boolean, timeoutMs = 10_000): Promise<LogRecord> {
    const found = this.records.find(matches);
    if (found) return found;
    for await (const [record] of on(this.#added, 'record', { signal: AbortSignal.timeout(timeoutMs) })) {
      if (matches(record as LogRecord)) return record as LogRecord;
    }
    throw new Error('unreachable');
  }

  messages(): string[] {
    return this.records.map((record) => record.message);
  }
}

/** Starts a fixture app in the host on a free port, with its log collected. */
export async function startFixtureHost(
  name: string,
  options: Partial<StartHostOptions> = {},
): Promise<{ host: RunningHost; logs: LogCollector }> {
  const logs = new LogCollector();
  const host = await startHost({ appDir: fixtureDir(name), port: 0, log: logs.sink, ...options });
  return { host, logs };
}
