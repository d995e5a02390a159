import { stockReservation, type StockLevel } from '../../domain/stock-reservation.js';
import { describeIssues, parseContract } from '../contracts/parse-contract.js';
import { releaseStockV1Schema } from '../contracts/stock-commands.js';
import type { IncomingMessage } from '../messaging/incoming-message.js';
import { completed, deadLetter, type MessageDisposition } from '../messaging/message-disposition.js';
import { currentTimestamp } from '../ports/clock.js';
import { retryOnConflict } from '../retry-on-conflict.js';
import { stockLevelWrites } from './stock-level-writes.js';
import type { StockWorkerDeps } from './stock-worker-deps.js';

export type ReleaseStockOutcome = 'released' | 'released_before_reserved' | 'nothing_to_release';

/**
 * Carries out ReleaseStock, the compensation for a cancelled order: gives back what its reservation took. A
 * release that overtakes its ReserveStock (competing consumers, redeliveries) is recorded, so the late reservation
 * is refused instead of taking stock nobody would release. Repeats change nothing.
 */
export async function handleReleaseStock(
  deps: Pick<StockWorkerDeps, 'stock' | 'clock'>,
  message: IncomingMessage,
): Promise<MessageDisposition<ReleaseStockOutcome>> {
  const parsed = parseContract(releaseStockV1Schema, message.body);
  if (!parsed.ok) return deadLetter('malformed_message', describeIssues(parsed.issues));
  const { orderId } = parsed.value;

  return retryOnConflict(async () => {
    const reservation = await deps.stock.getReservation(orderId);
    const levels =
      reservation?.status === 'reserved'
        ? await deps.stock.getLevels(reservation.lines.map((line) => line.sku))
        : new Map<string, StockLevel>();
    const decision = stockReservation.release({
      orderId,
      reservation,
      levels,
      at: currentTimestamp(deps.clock),
    });
    if (decision.kind === 'unchanged') return completed('nothing_to_release');
    if (decision.kind === 'unknown_skus') {
      return deadLetter('unknown_sku', `The catalogue no longer has SKU ${decision.skus.join(', ')}.`);
    }
    await deps.stock.commit({
      reservation: decision.reservation,
      expectedReservationVersion: reservation?.version,
      levels: stockLevelWrites(decision.levels, levels),
    });
    return completed(reservation === undefined ? 'released_before_reserved' : 'released');
  });
}
