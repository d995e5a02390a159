import type { TableClient, TransactionAction } from '@azure/data-tables';
import { DomainError } from '../domain/domain-error.js';
import type { StockLevel, StockReservation } from '../domain/stock-reservation.js';
import type { StockStore, StockWrite } from '../application/ports/stock-store.js';
import { BoundedCache } from './table-storage/bounded-cache.js';
import { EtagCache } from './table-storage/etag-cache.js';
import { conditionally, readOrUndefined, tableStatusOf } from './table-storage/table-errors.js';

/**
 * One partition holds the whole catalogue: a reservation and every level it takes from must change in one
 * entity-group transaction, and those only span one partition. A partition serves about 2,000 entities a second,
 * ample here; a larger shop would partition by warehouse.
 */
const catalogue = 'catalogue';
const levelKey = (sku: string): string => `level-${sku}`;
const reservationKey = (orderId: string): string => `reservation-${orderId}`;

type LevelEntity = {
  readonly partitionKey: string;
  readonly rowKey: string;
  readonly Sku: string;
  readonly Available: number;
  readonly Version: number;
};

type ReservationEntity = {
  readonly partitionKey: string;
  readonly rowKey: string;
  readonly Version: number;
  readonly Reservation: string;
};

/** The stock service's levels and reservations, with optimistic concurrency by version (checked as ETags). */
export class TableStorageStockStore implements StockStore {
  readonly #table: TableClient;
  readonly #etags = new EtagCache();
  readonly #recentLevels = new BoundedCache<StockLevel>();

  constructor(table: TableClient) {
    this.#table = table;
  }

  /** Adds a SKU with `available` units unless the catalogue has it already: a restart never resets stock. */
  async seedIfAbsent(sku: string, available: number): Promise<void> {
    try {
      await this.#table.createEntity<LevelEntity>({
        partitionKey: catalogue,
        rowKey: levelKey(sku),
        Sku: sku,
        Available: available,
        Version: 1,
      });
    } catch (error) {
      if (tableStatusOf(error) !== 409) throw error;
    }
  }

  async getReservation(orderId: string): Promise<StockReservation | undefined> {
    const entity = await readOrUndefined(() =>
      this.#table.getEntity<ReservationEntity>(catalogue, reservationKey(orderId)),
    );
    if (entity === undefined) return undefined;
    this.#etags.remember(reservationKey(orderId), entity.Version, entity.etag);
    return JSON.parse(entity.Reservation) as StockReservation;
  }

  async getLevels(skus: readonly string[]): Promise<ReadonlyMap<string, StockLevel>> {
    // Point reads side by side: a filter would need one comparison per SKU, and Table Storage allows only 15.
    const entities = await Promise.all(
      [...new Set(skus)].map((sku) =>
        readOrUndefined(() => this.#table.getEntity<LevelEntity>(catalogue, levelKey(sku))),
      ),
    );
    const levels = new Map<string, StockLevel>();
    for (const entity of entities) {
      if (entity === undefined) continue;
      const level = { sku: entity.Sku, available: entity.Available, version: entity.Version };
      this.#rememberLevel(level, entity.etag);
      levels.set(entity.Sku, level);
    }
    return levels;
  }

  recentLevels(skus: readonly string[]): ReadonlyMap<string, StockLevel> | undefined {
    const levels = new Map<string, StockLevel>();
    for (const sku of skus) {
      const level = this.#recentLevels.recall(sku);
      // Without its ETag a level is no use to a write that must not read first.
      if (level === undefined || this.#etags.etagOf(levelKey(sku), level.version) === undefined) {
        return undefined;
      }
      levels.set(sku, level);
    }
    return levels;
  }

  async commit(write: StockWrite): Promise<void> {
    const { reservation } = write;
    const reservationEntity: ReservationEntity = {
      partitionKey: catalogue,
      rowKey: reservationKey(reservation.orderId),
      Version: reservation.version,
      Reservation: JSON.stringify(reservation),
    };
    const reservationAction: TransactionAction =
      write.expectedReservationVersion === undefined
        ? ['create', reservationEntity]
        : [
            'update',
            reservationEntity,
            'Replace',
            { etag: await this.#etagAt(reservationEntity.rowKey, write.expectedReservationVersion) },
          ];
    const levelActions = await Promise.all(
      write.levels.map(async ({ level, expectedVersion }): Promise<TransactionAction> => {
        const entity: LevelEntity = {
          partitionKey: catalogue,
          rowKey: levelKey(level.sku),
          Sku: level.sku,
          Available: level.available,
          Version: level.version,
        };
        return ['update', entity, 'Replace', { etag: await this.#etagAt(entity.rowKey, expectedVersion) }];
      }),
    );
    const response = await conditionally(`The reservation of order ${reservation.orderId}`, () =>
      this.#table.submitTransaction([reservationAction, ...levelActions]),
    ).catch((error: unknown) => {
      // The failed action is not reported reliably; any of the levels may be the stale one.
      for (const { level } of write.levels) this.#recentLevels.forget(level.sku);
      throw error;
    });
    this.#etags.remember(reservationEntity.rowKey, reservation.version, response.subResponses[0]?.etag);
    write.levels.forEach(({ level }, index) =>
      this.#rememberLevel(level, response.subResponses[index + 1]?.etag),
    );
  }

  #rememberLevel(level: StockLevel, etag: string | undefined): void {
    this.#etags.remember(levelKey(level.sku), level.version, etag);
    this.#recentLevels.remember(level.sku, level);
  }

  async #etagAt(rowKey: string, version: number): Promise<string> {
    const known = this.#etags.etagOf(rowKey, version);
    if (known !== undefined) return known;
    const entity = await readOrUndefined(() =>
      this.#table.getEntity<{ Version: number }>(catalogue, rowKey, {
        queryOptions: { select: ['Version'] },
      }),
    );
    if (entity?.Version !== version || entity.etag === undefined) {
      throw new DomainError('concurrency_conflict', `${rowKey} is not at version ${version}.`);
    }
    return entity.etag;
  }
}
