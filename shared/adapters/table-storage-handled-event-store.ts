import type { TableClient } from '@azure/data-tables';
import type { HandledEventKey, HandledEventStore } from '../application/ports/handled-event-store.js';
import { readOrUndefined } from './table-storage/table-errors.js';
import { tableKey } from './table-storage/table-keys.js';

type HandledEntity = {
  readonly partitionKey: string;
  readonly rowKey: string;
  readonly HandledAt: string;
};

/**
 * Which events each subscriber has handled. Partitioned by event id, so records spread over partitions instead of
 * piling into one per subscriber; the subscriber is the row.
 */
export class TableStorageHandledEventStore implements HandledEventStore {
  readonly #table: TableClient;

  constructor(table: TableClient) {
    this.#table = table;
  }

  async has(key: HandledEventKey): Promise<boolean> {
    const entity = await readOrUndefined(() =>
      this.#table.getEntity<HandledEntity>(tableKey(key.eventId), tableKey(key.handler), {
        queryOptions: { select: ['HandledAt'] },
      }),
    );
    return entity !== undefined;
  }

  async add(key: HandledEventKey & { handledAt: string }): Promise<void> {
    // An upsert: recording an event twice is no error, and the first record's time is as good as the second's.
    await this.#table.upsertEntity<HandledEntity>(
      { partitionKey: tableKey(key.eventId), rowKey: tableKey(key.handler), HandledAt: key.handledAt },
      'Replace',
    );
  }
}
