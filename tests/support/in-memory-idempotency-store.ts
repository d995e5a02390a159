import type {
  IdempotencyClaim,
  IdempotencyRecord,
  IdempotencyStore,
} from '../../shared/application/ports/idempotency-store.js';

export class InMemoryIdempotencyStore implements IdempotencyStore {
  readonly #records = new Map<string, IdempotencyRecord>();

  recordOf(key: string): IdempotencyRecord | undefined {
    const record = this.#records.get(key);
    return record === undefined ? undefined : { ...record };
  }

  claim(record: IdempotencyRecord): Promise<IdempotencyClaim> {
    const existing = this.#records.get(record.key);
    if (existing !== undefined) return Promise.resolve({ claimed: false, record: { ...existing } });
    this.#records.set(record.key, { ...record });
    return Promise.resolve({ claimed: true, record: { ...record } });
  }
}
