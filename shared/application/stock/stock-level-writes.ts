import type { StockLevel } from '../../domain/stock-reservation.js';
import type { StockLevelWrite } from '../ports/stock-store.js';

/** Pairs each changed level with the version it was read at, the precondition of its write. */
export function stockLevelWrites(
  changed: readonly StockLevel[],
  read: ReadonlyMap<string, StockLevel>,
): StockLevelWrite[] {
  return changed.map((level) => {
    const before = read.get(level.sku);
    if (before === undefined) throw new Error(`Level ${level.sku} changed without having been read.`);
    return { level, expectedVersion: before.version };
  });
}
