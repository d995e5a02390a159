import { odata, type TableClient } from '@azure/data-tables';
import { DomainError } from '../domain/domain-error.js';
import type { CurrencyCode } from '../domain/money.js';
import type { OrderStatus } from '../domain/order.js';
import type { OrderHistoryEntry, OrderHistoryStore } from '../application/ports/order-history-store.js';
import { EtagCache } from './table-storage/etag-cache.js';
import { conditionally, readOrUndefined } from './table-storage/table-errors.js';

type HistoryEntity = {
  readonly partitionKey: string;
  readonly rowKey: string;
  readonly Status: string;
  readonly Currency: string;
  readonly TotalMinor: number;
  readonly PlacedAt: string;
  readonly UpdatedAt: string;
  readonly OrderVersion: number;
  readonly LastEventId: string;
};

/** The customer order-history read model: one partition per customer, so a customer's history is one query. */
export class TableStorageOrderHistoryStore implements OrderHistoryStore {
  readonly #table: TableClient;
  readonly #etags = new EtagCache();

  constructor(table: TableClient) {
    this.#table = table;
  }

  async get(key: { customerId: string; orderId: string }): Promise<OrderHistoryEntry | undefined> {
    const entity = await readOrUndefined(() =>
      this.#table.getEntity<HistoryEntity>(key.customerId, key.orderId),
    );
    if (entity === undefined) return undefined;
    this.#etags.remember(cacheKey(key), entity.OrderVersion, entity.etag);
    return entryOf(entity);
  }

  knownVersion(key: { customerId: string; orderId: string }): number | undefined {
    return this.#etags.versionOf(cacheKey(key));
  }

  async put(
    entry: OrderHistoryEntry,
    condition: { expectedOrderVersion: number | undefined },
  ): Promise<void> {
    const what = `History entry ${entry.orderId}`;
    const entity = entityOf(entry);
    const { expectedOrderVersion } = condition;
    const response =
      expectedOrderVersion === undefined
        ? await conditionally(what, () => this.#table.createEntity(entity))
        : await conditionally(what, async () =>
            this.#table.updateEntity(entity, 'Replace', {
              etag: await this.#etagAt(entry, expectedOrderVersion),
            }),
          );
    this.#etags.remember(cacheKey(entry), entry.orderVersion, response.etag);
  }

  async listByCustomer(customerId: string): Promise<readonly OrderHistoryEntry[]> {
    const entries: OrderHistoryEntry[] = [];
    const filter = odata`PartitionKey eq ${customerId}`;
    for await (const entity of this.#table.listEntities<HistoryEntity>({ queryOptions: { filter } })) {
      entries.push(entryOf(entity));
    }
    return entries;
  }

  async #etagAt(key: { customerId: string; orderId: string }, version: number): Promise<string> {
    const known = this.#etags.etagOf(cacheKey(key), version);
    if (known !== undefined) return known;
    const entity = await readOrUndefined(() =>
      this.#table.getEntity<HistoryEntity>(key.customerId, key.orderId, {
        queryOptions: { select: ['OrderVersion'] },
      }),
    );
    if (entity?.OrderVersion !== version || entity.etag === undefined) {
      throw new DomainError(
        'concurrency_conflict',
        `History entry ${key.orderId} is not at version ${version}.`,
      );
    }
    return entity.etag;
  }
}

function cacheKey(key: { customerId: string; orderId: string }): string {
  return `${key.customerId}\n${key.orderId}`;
}

function entityOf(entry: OrderHistoryEntry): HistoryEntity {
  return {
    partitionKey: entry.customerId,
    rowKey: entry.orderId,
    Status: entry.status,
    Currency: entry.currency,
    TotalMinor: entry.totalMinor,
    PlacedAt: entry.placedAt,
    UpdatedAt: entry.updatedAt,
    OrderVersion: entry.orderVersion,
    LastEventId: entry.lastEventId,
  };
}

function entryOf(entity: HistoryEntity): OrderHistoryEntry {
  return {
    customerId: entity.partitionKey,
    orderId: entity.rowKey,
    // Written only from validated order events, so the stored text is one of the types' values.
    status: entity.Status as OrderStatus,
    currency: entity.Currency as CurrencyCode,
    totalMinor: entity.TotalMinor,
    placedAt: entity.PlacedAt,
    updatedAt: entity.UpdatedAt,
    orderVersion: entity.OrderVersion,
    lastEventId: entity.LastEventId,
  };
}
