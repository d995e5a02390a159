import { closeSync, openSync, renameSync, writeSync } from 'node:fs';

/**
 * An append-only file of text lines for the brokers' journals. Lines appended during one event-loop turn are
 * written together on the next tick, which is queued ahead of rhea's own output: a broker's answer never leaves
 * the process before the record behind it is on disk.
 */
export class LineLog {
  readonly path: string;
  #fd: number;
  #pending: string[] = [];
  #flushQueued = false;

  constructor(path: string) {
    this.path = path;
    this.#fd = openSync(path, 'a');
  }

  append(line: string): void {
    this.#pending.push(line);
    if (this.#flushQueued) return;
    this.#flushQueued = true;
    process.nextTick(() => this.flush());
  }

  flush(): void {
    this.#flushQueued = false;
    if (!this.#pending.length || this.#fd < 0) return;
    writeSync(this.#fd, `${this.#pending.join('\n')}\n`);
    this.#pending = [];
  }

  /** Replaces the whole file with `lines` (compaction), written aside and renamed over, so a crash keeps one whole file. */
  rewrite(lines: Iterable<string>): void {
    this.flush();
    const aside = `${this.path}.compacting`;
    const fd = openSync(aside, 'w');
    for (const line of lines) writeSync(fd, `${line}\n`);
    closeSync(fd);
    if (this.#fd >= 0) closeSync(this.#fd);
    renameSync(aside, this.path);
    this.#fd = openSync(this.path, 'a');
  }

  close(): void {
    this.flush();
    if (this.#fd >= 0) closeSync(this.#fd);
    this.#fd = -1;
  }
}
