import type { TableClient } from '@azure/data-tables';
import type {
  IdempotencyClaim,
  IdempotencyRecord,
  IdempotencyStore,
} from '../application/ports/idempotency-store.js';
import { readOrUndefined, tableStatusOf } from './table-storage/table-errors.js';

const claimRowKey = 'claim';

type ClaimEntity = {
  readonly partitionKey: string;
  readonly rowKey: string;
  readonly Fingerprint: string;
  readonly OrderId: string;
  readonly CreatedAt: string;
};

/**
 * Idempotency keys, one partition each. A claim is an insert, which Table Storage makes atomic: of two concurrent
 * claims, exactly one creates the entity and the other gets 409 and reads the winner's record. Records are kept;
 * a scheduled clean-up of those older than a day would bound the table (not needed at this scale).
 */
export class TableStorageIdempotencyStore implements IdempotencyStore {
  readonly #table: TableClient;

  constructor(table: TableClient) {
    this.#table = table;
  }

  async claim(record: IdempotencyRecord): Promise<IdempotencyClaim> {
    try {
      await this.#table.createEntity<ClaimEntity>({
        partitionKey: record.key,
        rowKey: claimRowKey,
        Fingerprint: record.fingerprint,
        OrderId: record.orderId,
        CreatedAt: record.createdAt,
      });
      return { claimed: true, record: { ...record } };
    } catch (error) {
      if (tableStatusOf(error) !== 409) throw error;
    }
    const existing = await readOrUndefined(() => this.#table.getEntity<ClaimEntity>(record.key, claimRowKey));
    if (existing === undefined) {
      // Only a deletion between the insert and the read gets here; the next attempt claims afresh.
      throw new Error(`The claim of idempotency key ${record.key} vanished while being read; retry.`);
    }
    return {
      claimed: false,
      record: {
        key: record.key,
        fingerprint: existing.Fingerprint,
        orderId: existing.OrderId,
        createdAt: existing.CreatedAt,
      },
    };
  }
}
