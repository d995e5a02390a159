import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { LineLog } from '../persistence/line-log.js';
import { join } from 'node:path';
import type { EventJournal, RestoredPartition } from './event-journal.js';
import type { ContentCodec, EventContent, StoredEvent } from './stored-event.js';

/**
 * One line per publication: hub, partition, and each event as [sequence, offset, enqueued, key, base64 bytes].
 * Compaction adds each partition's watermark as [last sequence, last offset, next offset, last enqueued].
 */
interface PublicationRecord {
  h: string;
  p: string;
  e: Array<[number, number, number, string | null, string]>;
  w?: [number, number, number, number];
}

/**
 * An append-only journal of published events in `<dataDir>/event-hubs.journal`. Records written during one
 * event-loop turn are flushed before the broker's answers leave the process, so an accepted publication is on disk
 * before the producer hears so. After a restart the namespace takes back what it still retains and the file is
 * rewritten with just that (`compact`).
 */
export class FileEventJournal<C extends EventContent> implements EventJournal<C> {
  readonly #log: LineLog;
  readonly #codec: ContentCodec<C>;

  private constructor(path: string, codec: ContentCodec<C>) {
    this.#log = new LineLog(path);
    this.#codec = codec;
  }

  /** Opens the journal in `dataDir` and returns it with the events it holds, per partition. */
  static open<C extends EventContent>(
    dataDir: string,
    codec: ContentCodec<C>,
  ): { journal: FileEventJournal<C>; restored: Array<RestoredPartition<C>> } {
    mkdirSync(dataDir, { recursive: true });
    const path = join(dataDir, 'event-hubs.journal');
    const restored = existsSync(path) ? replay(readFileSync(path, 'utf8'), codec) : [];
    return { journal: new FileEventJournal(path, codec), restored };
  }

  published(hub: string, partitionId: string, events: ReadonlyArray<StoredEvent<C>>): void {
    this.#log.append(JSON.stringify(this.#record(hub, partitionId, events)));
  }

  /** Rewrites the file with exactly `live` (what the namespace retained after a restart). */
  compact(live: Iterable<RestoredPartition<C>>): void {
    this.#log.rewrite(this.#compactedLines(live));
  }

  *#compactedLines(live: Iterable<RestoredPartition<C>>): Generator<string> {
    for (const { hub, partitionId, events, watermark } of live) {
      if (!events.length && !watermark) continue;
      const record = this.#record(hub, partitionId, events);
      if (watermark)
        record.w = [
          watermark.lastSequenceNumber,
          watermark.lastOffset,
          watermark.nextOffset,
          watermark.lastEnqueuedAt,
        ];
      yield JSON.stringify(record);
    }
  }

  flush(): void {
    this.#log.flush();
  }

  close(): void {
    this.#log.close();
  }

  #record(hub: string, partitionId: string, events: ReadonlyArray<StoredEvent<C>>): PublicationRecord {
    return {
      h: hub,
      p: partitionId,
      e: events.map((event) => [
        event.sequenceNumber,
        event.offset,
        event.enqueuedAt,
        event.partitionKey ?? null,
        this.#codec.toBytes(event.content).toString('base64'),
      ]),
    };
  }
}

function replay<C extends EventContent>(text: string, codec: ContentCodec<C>): Array<RestoredPartition<C>> {
  const partitions = new Map<string, RestoredPartition<C>>();
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let record: PublicationRecord;
    try {
      record = JSON.parse(line) as PublicationRecord;
    } catch {
      continue; // a torn last line from a crash
    }
    const key = `${record.h.toLowerCase()}\n${record.p}`;
    let partition = partitions.get(key);
    if (!partition) {
      partition = { hub: record.h, partitionId: record.p, events: [] };
      partitions.set(key, partition);
    }
    if (record.w) {
      const [lastSequenceNumber, lastOffset, nextOffset, lastEnqueuedAt] = record.w;
      partition.watermark = { lastSequenceNumber, lastOffset, nextOffset, lastEnqueuedAt };
    }
    for (const [sequenceNumber, offset, enqueuedAt, partitionKey, bytes] of record.e) {
      partition.events.push({
        sequenceNumber,
        offset,
        enqueuedAt,
        partitionKey: partitionKey ?? undefined,
        content: codec.fromBytes(Buffer.from(bytes, 'base64')),
      });
    }
  }
  return [...partitions.values()];
}
