import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeMessage, encodeForDelivery, idToString } from '../amqp/encoded-message.js';
import { LineLog } from '../persistence/line-log.js';
import type { Journal } from './journal.js';
import type { MessageState, StoredMessage } from './stored-message.js';

interface StoredRecord {
  t: 's';
  e: string;
  q: number;
  at: number;
  m: string;
  ttl: number | null;
  exp: number | null;
  sch?: number;
  st: MessageState;
  d: number;
  dls?: string;
}
type JournalRecord =
  | StoredRecord
  | { t: 'r'; e: string; q: number }
  | { t: 'ss'; e: string; s: string; v: string | null }
  // The highest sequence number an entity ever assigned, kept by compaction when its messages are gone.
  | { t: 'hw'; e: string; q: number }
  // A message id a queue or topic with duplicate detection accepted, and when.
  | { t: 'id'; e: string; m: string; at: number };

// Azure's longest duplicate detection window: ids older than this (before the journal's latest) are compacted away.
const longestDuplicateWindowMs = 7 * 24 * 60 * 60 * 1000;

export interface RestoredEntity {
  messages: StoredMessage[];
  sessionStates: Map<string, Buffer>;
  /** The highest sequence number the entity had assigned, so a restart never hands one out again. */
  highestSequenceNumber: number;
  /** For a queue or topic with duplicate detection: the message ids it accepted and when, oldest first. */
  seenMessageIds: Array<[messageId: string, at: number]>;
}

/**
 * An append-only journal of accepted messages, removals and session state in `<dataDir>/service-bus.journal`.
 * Records written during one event-loop turn are flushed before the broker's answers leave the process (the
 * flush is queued ahead of rhea's own output), so an accepted send is on disk before the sender hears so.
 * At start the journal is replayed and compacted to the live messages.
 */
export class FileJournal implements Journal {
  readonly #log: LineLog;

  private constructor(log: LineLog) {
    this.#log = log;
  }

  /** Opens (and compacts) the journal in `dataDir`, returning it with what it held. */
  static open(dataDir: string): { journal: FileJournal; restored: Map<string, RestoredEntity> } {
    mkdirSync(dataDir, { recursive: true });
    const path = join(dataDir, 'service-bus.journal');
    const live = replay(path);
    const log = new LineLog(path);
    log.rewrite(live.lines());
    return { journal: new FileJournal(log), restored: live.entities() };
  }

  stored(entityPath: string, message: StoredMessage): void {
    this.#write(JSON.stringify(toRecord(entityPath, message)));
  }

  removed(entityPath: string, sequenceNumber: number): void {
    this.#write(JSON.stringify({ t: 'r', e: entityPath, q: sequenceNumber }));
  }

  messageIdSeen(targetName: string, messageId: string, at: number): void {
    this.#write(JSON.stringify({ t: 'id', e: targetName, m: messageId, at }));
  }

  sessionState(entityPath: string, sessionId: string, state: Buffer | undefined): void {
    this.#write(
      JSON.stringify({ t: 'ss', e: entityPath, s: sessionId, v: state ? state.toString('base64') : null }),
    );
  }

  #write(line: string): void {
    this.#log.append(line);
  }

  flush(): void {
    this.#log.flush();
  }

  close(): void {
    this.#log.close();
  }

  get path(): string {
    return this.#log.path;
  }
}

function toRecord(entityPath: string, message: StoredMessage): StoredRecord {
  const bytes = encodeForDelivery(message.encoded, {
    header: message.encoded.header,
    annotations: message.encoded.annotations,
  });
  return {
    t: 's',
    e: entityPath,
    q: message.sequenceNumber,
    at: message.enqueuedAt,
    m: bytes.toString('base64'),
    ttl: Number.isFinite(message.ttlMs) ? message.ttlMs : null,
    exp: Number.isFinite(message.expiresAt) ? message.expiresAt : null,
    ...(message.scheduledAt !== undefined ? { sch: message.scheduledAt } : {}),
    st: message.state,
    d: message.deliveries,
    ...(message.deadLetterSource ? { dls: message.deadLetterSource } : {}),
  };
}

function fromRecord(record: StoredRecord): StoredMessage {
  const encoded = decodeMessage(Buffer.from(record.m, 'base64'));
  const message: StoredMessage = {
    sequenceNumber: record.q,
    enqueuedAt: record.at,
    encoded,
    ttlMs: record.ttl ?? Number.POSITIVE_INFINITY,
    expiresAt: record.exp ?? Number.POSITIVE_INFINITY,
    state: record.st,
    deliveries: record.d,
  };
  const messageId = idToString(encoded.properties.messageId);
  if (messageId !== undefined) message.messageId = messageId;
  if (encoded.properties.groupId !== undefined) message.sessionId = encoded.properties.groupId;
  if (record.sch !== undefined) message.scheduledAt = record.sch;
  if (record.dls) message.deadLetterSource = record.dls;
  return message;
}

function replay(path: string): { lines(): string[]; entities(): Map<string, RestoredEntity> } {
  const messages = new Map<string, Map<number, StoredRecord>>();
  const states = new Map<string, Map<string, string>>();
  const highest = new Map<string, number>();
  const seenIds = new Map<string, Map<string, number>>();
  let latest = 0;
  const sawSequenceNumber = (entity: string, q: number): void => {
    highest.set(entity, Math.max(highest.get(entity) ?? 0, q));
  };
  if (existsSync(path)) {
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      let record: JournalRecord;
      try {
        record = JSON.parse(line) as JournalRecord;
      } catch {
        continue; // a torn last line from a crash
      }
      if (record.t === 's') {
        if (!messages.has(record.e)) messages.set(record.e, new Map());
        messages.get(record.e)!.set(record.q, record);
        sawSequenceNumber(record.e, record.q);
      } else if (record.t === 'r') {
        messages.get(record.e)?.delete(record.q);
      } else if (record.t === 'hw') {
        sawSequenceNumber(record.e, record.q);
      } else if (record.t === 'id') {
        if (!seenIds.has(record.e)) seenIds.set(record.e, new Map());
        const ids = seenIds.get(record.e)!;
        ids.delete(record.m);
        ids.set(record.m, record.at);
        latest = Math.max(latest, record.at);
      } else {
        if (!states.has(record.e)) states.set(record.e, new Map());
        if (record.v === null) states.get(record.e)!.delete(record.s);
        else states.get(record.e)!.set(record.s, record.v);
      }
    }
  }
  // Each target's ids in the order they were accepted, the ones too old for any window left out.
  function* recentIds(): Generator<[string, string, number]> {
    for (const [entity, ids] of seenIds)
      for (const [m, at] of ids) if (at >= latest - longestDuplicateWindowMs) yield [entity, m, at];
  }

  return {
    lines() {
      const lines: string[] = [];
      for (const byEntity of messages.values())
        for (const record of byEntity.values()) lines.push(JSON.stringify(record));
      for (const [entity, byId] of states)
        for (const [s, v] of byId) lines.push(JSON.stringify({ t: 'ss', e: entity, s, v }));
      for (const [entity, q] of highest) lines.push(JSON.stringify({ t: 'hw', e: entity, q }));
      for (const [entity, m, at] of recentIds()) lines.push(JSON.stringify({ t: 'id', e: entity, m, at }));
      return lines;
    },
    entities() {
      const result = new Map<string, RestoredEntity>();
      const entry = (path: string): RestoredEntity => {
        let restored = result.get(path);
        if (!restored) {
          restored = {
            messages: [],
            sessionStates: new Map(),
            highestSequenceNumber: highest.get(path) ?? 0,
            seenMessageIds: [],
          };
          result.set(path, restored);
        }
        return restored;
      };
      for (const [path, byEntity] of messages) {
        entry(path).messages.push(...[...byEntity.values()].sort((a, b) => a.q - b.q).map(fromRecord));
      }
      for (const [path, byId] of states)
        for (const [s, v] of byId) entry(path).sessionStates.set(s, Buffer.from(v, 'base64'));
      for (const path of highest.keys()) entry(path);
      for (const [path, m, at] of recentIds()) entry(path).seenMessageIds.push([m, at]);
      return result;
    },
  };
}
