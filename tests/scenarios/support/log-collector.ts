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

  /** The first record, past or future, that matches; rejects after `timeoutMs`. */
  async waitFor(matches: (record: LogRecord) => boolean, timeoutMs = 20_000): Promise<LogRecord> {
    const found = this.records.find(matches);
    if (found !== undefined) return found;
    for await (const [record] of on(this.#added, 'record', { signal: AbortSignal.timeout(timeoutMs) })) {
      if (matches(record as LogRecord)) return record as LogRecord;
    }
    throw new Error('unreachable');
  }
}
