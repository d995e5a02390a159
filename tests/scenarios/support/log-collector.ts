import { EventEmitter, on } from 'node:events';
import type { LogRecord } from '../../../host/start-host.js';

/** Keeps the host's log records, so a scenario can wait for an invocation instead of sleeping. */
export class LogCollector {
  readonly records: LogRecord[] = [];
  readonly #added = new EventEmitter();

  readonly sink = (record: LogRecord): void => {
    this.records.push(record);
    this.#added.emit('record', record);
  };

  /** Where the log stands now: pass it as `from` to wait only for what comes after. */
  mark(): number {
    return this.records.length;
  }

  /** The first record from `from` on, past or future, that matches; rejects after `timeoutMs`. */
  async waitFor(
    matches: (record: LogRecord) => boolean,
    options: { timeoutMs?: number; from?: number } = {},
  ): Promise<LogRecord> {
    const found = this.records.slice(options.from ?? 0).find(matches);
    if (found !== undefined) return found;
    const signal = AbortSignal.timeout(options.timeoutMs ?? 20_000);
    for await (const [record] of on(this.#added, 'record', { signal })) {
      if (matches(record as LogRecord)) return record as LogRecord;
    }
    throw new Error('unreachable');
  }
}
