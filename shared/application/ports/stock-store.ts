import type { StockLevel, StockReservation } from '../../domain/stock-reservation.js';

export interface StockLevelWrite {
  readonly level: StockLevel;
  readonly expectedVersion: number;
}

export interface StockWrite {
  readonly reservation: StockReservation;
  /** The reservation's stored version, or undefined if there must be none yet. */
  readonly expectedReservationVersion: number | undefined;
  readonly levels: readonly StockLevelWrite[];
}

/** The stock service's own state: levels per SKU and one reservation record per order. */
export interface StockStore {
  getReservation(orderId: string): Promise<StockReservation | undefined>;
  /** Levels of the SKUs the catalogue knows; unknown SKUs are absent from the map. */
  getLevels(skus: readonly string[]): Promise<ReadonlyMap<string, StockLevel>>;
  /**
   * The levels of `skus` as this instance last read or wrote them, if it knows every one; otherwise undefined.
   * They may be stale: only a commit, which checks each level's version, may rely on them.
   */
  recentLevels(skus: readonly string[]): ReadonlyMap<string, StockLevel> | undefined;
  /**
   * Writes the reservation and the levels atomically, only if each still has its expected version; otherwise
   * throws `concurrency_conflict` and writes nothing.
   */
  commit(write: StockWrite): Promise<void>;
}
