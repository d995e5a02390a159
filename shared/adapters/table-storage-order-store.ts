import { odata, type TableClient, type TableEntityResult, type TransactionAction } from '@azure/data-tables';
import { DomainError, isDomainError } from '../domain/domain-error.js';
import type { Order } from '../domain/order.js';
import type { OutboxEntry } from '../application/outbox/outbox-entry.js';
import type { OrderPage, OrderQuery, OrderStore } from '../application/ports/order-store.js';
import type { OutboxStore } from '../application/ports/outbox-store.js';
import { conditionally, readOrUndefined, tableStatusOf } from './table-storage/table-errors.js';
import { EtagCache } from './table-storage/etag-cache.js';
import { BoundedCache } from './table-storage/bounded-cache.js';
import { prefixRange } from './table-storage/table-keys.js';

/** The order's own row in its partition; its outbox entries share the partition. */
export const orderRowKey = 'order';
const outboxPrefix = 'outbox-';

/** This instance's copy of an order; `pending` only while it knows the order's pending outbox entries. */
interface RecentOrder {
  readonly version: number;
  readonly json: string;
  readonly pending?: readonly OutboxEntry[];
}

// Type aliases, not interfaces: the SDK's entity type needs an implicit index signature.
type OrderEntity = {
  readonly partitionKey: string;
  readonly rowKey: string;
  readonly CustomerId: string;
  readonly Status: string;
  readonly Version: number;
  readonly PlacedAt: string;
  readonly UpdatedAt: string;
  /** The whole order as JSON; the columns above exist only to filter on. */
  readonly Order: string;
};

type OutboxEntity = {
  readonly partitionKey: string;
  readonly rowKey: string;
  readonly CreatedAt: string;
  readonly Message: string;
};

/**
 * Orders and their transactional outbox in one table. An order and its outbox entries share the partition key (the
 * order id), so one entity-group transaction writes the change and everything it publishes, or nothing. The order
 * version is the port's concurrency token; the entity's ETag is what Table Storage checks.
 *
 * Dispatched entries are deleted, not marked, so the sweeper's scan across partitions only ever meets entries still
 * pending. Listing filters across partitions too: fine for this application's scale; a busier one would serve
 * customer queries from a read model partitioned by customer (see the order-history projection).
 */
export class TableStorageOrderStore implements OrderStore, OutboxStore {
  readonly #table: TableClient;
  readonly #etags = new EtagCache();
  /**
   * The order as this instance last wrote or read it, for `getForChange`; as JSON, which whoever receives the order
   * cannot change. A copy may be stale (another instance wrote since): the change's conditional write then fails
   * and `update` forgets the copy, so the retry reads. When this instance wrote the order, it also follows the
   * order's pending outbox entries, for `knownPending`.
   */
  readonly #recent = new BoundedCache<RecentOrder>();

  constructor(table: TableClient) {
    this.#table = table;
  }

  async get(orderId: string): Promise<Order | undefined> {
    const entity = await readOrUndefined(() => this.#table.getEntity<OrderEntity>(orderId, orderRowKey));
    if (entity === undefined) return undefined;
    this.#etags.remember(orderId, entity.Version, entity.etag);
    this.#recent.remember(orderId, { version: entity.Version, json: entity.Order });
    return JSON.parse(entity.Order) as Order;
  }

  async getForChange(orderId: string): Promise<Order | undefined> {
    const json = this.#recent.recall(orderId)?.json;
    const copy = json === undefined ? undefined : (JSON.parse(json) as Order);
    // Without the copy's ETag, the update would read the entity anyway: read the whole order instead.
    if (copy !== undefined && this.#etags.etagOf(orderId, copy.version) !== undefined) return copy;
    return this.get(orderId);
  }

  async list(query: OrderQuery): Promise<OrderPage> {
    const filter = [
      odata`RowKey eq ${orderRowKey}`,
      ...(query.customerId === undefined ? [] : [odata`CustomerId eq ${query.customerId}`]),
      ...(query.status === undefined ? [] : [odata`Status eq ${query.status}`]),
    ].join(' and ');
    let continuationToken = query.continuationToken;
    if (continuationToken !== undefined) requireOwnToken(continuationToken);
    const orders: Order[] = [];
    // A filtered scan may return short pages; keep reading until the page is full or the table ends.
    while (orders.length < query.limit) {
      const pages = this.#table
        .listEntities<OrderEntity>({ queryOptions: { filter, select: ['Order'] } })
        .byPage({
          maxPageSize: query.limit - orders.length,
          ...(continuationToken ? { continuationToken } : {}),
        });
      const page = await pages.next();
      if (page.done === true) break;
      orders.push(
        ...page.value.map((entity: TableEntityResult<OrderEntity>) => JSON.parse(entity.Order) as Order),
      );
      continuationToken = page.value.continuationToken;
      if (continuationToken === undefined) break;
    }
    return continuationToken === undefined ? { orders } : { orders, continuationToken };
  }

  async insert(write: { order: Order; outbox: readonly OutboxEntry[] }): Promise<void> {
    const { order } = write;
    const entity = orderEntity(order);
    const response = await conditionally(`Order ${order.id}`, () =>
      this.#table.submitTransaction([
        ['create', entity],
        ...write.outbox.map((entry): TransactionAction => ['create', outboxEntity(entry)]),
      ]),
    );
    this.#etags.remember(order.id, order.version, response.subResponses[0]?.etag);
    this.#recent.remember(order.id, { version: order.version, json: entity.Order, pending: write.outbox });
  }

  async update(write: {
    order: Order;
    expectedVersion: number;
    outbox: readonly OutboxEntry[];
  }): Promise<void> {
    const { order } = write;
    const entity = orderEntity(order);
    const before = this.#recent.recall(order.id);
    let response;
    try {
      const etag = await this.#etagAt(order.id, write.expectedVersion);
      response = await conditionally(`Order ${order.id}`, () =>
        this.#table.submitTransaction([
          ['update', entity, 'Replace', { etag }],
          ...write.outbox.map((entry): TransactionAction => ['create', outboxEntity(entry)]),
        ]),
      );
    } catch (error) {
      // The copy a change started from may be what was stale.
      if (isDomainError(error, 'concurrency_conflict')) this.#recent.forget(order.id);
      throw error;
    }
    this.#etags.remember(order.id, order.version, response.subResponses[0]?.etag);
    // The write succeeded at the expected version, so if the copy was at that version its entries are still all
    // the earlier ones (none can be written without changing the order).
    const earlier = before?.version === write.expectedVersion ? before.pending : undefined;
    this.#recent.remember(order.id, {
      version: order.version,
      json: entity.Order,
      ...(earlier === undefined ? {} : { pending: [...earlier, ...write.outbox] }),
    });
  }

  knownPending(orderId: string): readonly OutboxEntry[] | undefined {
    return this.#recent.recall(orderId)?.pending;
  }

  async listPending(orderId: string): Promise<readonly OutboxEntry[]> {
    const range = prefixRange(outboxPrefix);
    const entries: OutboxEntry[] = [];
    const filter = odata`PartitionKey eq ${orderId} and RowKey ge ${range.from} and RowKey lt ${range.to}`;
    for await (const entity of this.#table.listEntities<OutboxEntity>({ queryOptions: { filter } })) {
      entries.push(outboxEntryOf(entity));
    }
    return entries;
  }

  async listPendingCreatedBefore(query: {
    createdBefore: string;
    limit: number;
  }): Promise<readonly OutboxEntry[]> {
    const range = prefixRange(outboxPrefix);
    const filter = odata`RowKey ge ${range.from} and RowKey lt ${range.to} and CreatedAt lt ${query.createdBefore}`;
    // Table Storage returns entities by key, not by age: read every stale entry, then take the oldest. Only pending
    // entries exist (dispatched ones are deleted), and only those a crash or an outage left behind are stale.
    const entries: OutboxEntry[] = [];
    for await (const entity of this.#table.listEntities<OutboxEntity>({ queryOptions: { filter } })) {
      entries.push(outboxEntryOf(entity));
    }
    return entries
      .sort(
        (a, b) =>
          compare(a.createdAt, b.createdAt) || compare(a.orderId, b.orderId) || compare(a.entryId, b.entryId),
      )
      .slice(0, query.limit);
  }

  async markDispatched(dispatched: {
    orderId: string;
    entryIds: readonly string[];
    at: string;
  }): Promise<void> {
    const { orderId, entryIds } = dispatched;
    await this.#deleteEntries(orderId, entryIds);
    const recent = this.#recent.recall(orderId);
    if (recent?.pending !== undefined) {
      const marked = new Set(entryIds);
      const pending = recent.pending.filter((entry) => !marked.has(entry.entryId));
      this.#recent.remember(orderId, { ...recent, pending });
    }
  }

  async #deleteEntries(orderId: string, entryIds: readonly string[]): Promise<void> {
    if (entryIds.length > 1) {
      try {
        await this.#table.submitTransaction(
          entryIds.map((entryId): TransactionAction => [
            'delete',
            { partitionKey: orderId, rowKey: `${outboxPrefix}${entryId}` },
          ]),
        );
        return;
      } catch (error) {
        // One of them is gone already (another dispatcher), which fails the whole transaction: delete one by one.
        if (tableStatusOf(error) !== 404) throw error;
      }
    }
    for (const entryId of entryIds) await this.#deleteEntry(orderId, entryId);
  }

  async #deleteEntry(orderId: string, entryId: string): Promise<void> {
    try {
      await this.#table.deleteEntity(orderId, `${outboxPrefix}${entryId}`);
    } catch (error) {
      // Another dispatcher got there first: the entry is dispatched either way.
      if (tableStatusOf(error) !== 404) throw error;
    }
  }

  /** The ETag of the order at `version`; a stored order at any other version is a lost race. */
  async #etagAt(orderId: string, version: number): Promise<string> {
    const known = this.#etags.etagOf(orderId, version);
    if (known !== undefined) return known;
    const entity = await readOrUndefined(() =>
      this.#table.getEntity<OrderEntity>(orderId, orderRowKey, { queryOptions: { select: ['Version'] } }),
    );
    if (entity?.Version !== version || entity.etag === undefined) {
      throw new DomainError('concurrency_conflict', `Order ${orderId} is not at version ${version}.`);
    }
    return entity.etag;
  }
}

function orderEntity(order: Order): OrderEntity {
  return {
    partitionKey: order.id,
    rowKey: orderRowKey,
    CustomerId: order.customerId,
    Status: order.status,
    Version: order.version,
    PlacedAt: order.placedAt,
    UpdatedAt: order.updatedAt,
    Order: JSON.stringify(order),
  };
}

function outboxEntity(entry: OutboxEntry): OutboxEntity {
  return {
    partitionKey: entry.orderId,
    rowKey: `${outboxPrefix}${entry.entryId}`,
    CreatedAt: entry.createdAt,
    Message: JSON.stringify(entry.message),
  };
}

function outboxEntryOf(entity: TableEntityResult<OutboxEntity>): OutboxEntry {
  return {
    orderId: entity.partitionKey ?? '',
    entryId: (entity.rowKey ?? '').slice(outboxPrefix.length),
    createdAt: entity.CreatedAt,
    message: JSON.parse(entity.Message) as OutboxEntry['message'],
  };
}

/**
 * The SDK's continuation token is base64 JSON naming the next keys. Anything else was not issued here; without this
 * check, the SDK would send garbage to the service and fail with a less helpful error.
 */
function requireOwnToken(token: string): void {
  try {
    const content = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as unknown;
    if (
      typeof content === 'object' &&
      content !== null &&
      typeof (content as { nextPartitionKey?: unknown }).nextPartitionKey === 'string'
    ) {
      return;
    }
  } catch {
    // Falls through to the error below.
  }
  throw new DomainError('validation_failed', 'The continuation token is not valid.', {
    issues: [{ pointer: '/continuationToken', message: 'Not a token this service issued.' }],
  });
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
