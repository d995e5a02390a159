import { stockReservation, type StockLevel } from '../../domain/stock-reservation.js';
import { stockMessageTypes } from '../contracts/message-types.js';
import { describeIssues, parseContract } from '../contracts/parse-contract.js';
import type { ReserveStockResultV1 } from '../contracts/reserve-stock-result.js';
import { reserveStockV1Schema } from '../contracts/stock-commands.js';
import type { IncomingMessage } from '../messaging/incoming-message.js';
import { completed, deadLetter, type MessageDisposition } from '../messaging/message-disposition.js';
import { messageIds } from '../messaging/message-ids.js';
import { currentTimestamp } from '../ports/clock.js';
import { retryOnConflict } from '../retry-on-conflict.js';
import { reserveStockResultOf } from './reserve-stock-result-of.js';
import { stockLevelWrites } from './stock-level-writes.js';
import type { StockWorkerDeps } from './stock-worker-deps.js';

export type ReserveStockOutcome = 'reserved' | 'rejected' | 'answered_again';

/**
 * Carries out ReserveStock and replies. Idempotent against the stock service's own state: the reservation record
 * is written in the same atomic write as the levels it takes from, so a redelivered or duplicated command finds
 * it and gets the same answer again without reserving twice. The reply is sent after the commit and the command is
 * completed after the reply; if sending fails, the error is transient and the redelivery answers again.
 *
 * A SKU the catalogue does not have is refused like a short one (the record keeps which it was). Permanent
 * failures are dead-lettered with a reason: a body that is not a ReserveStock, a command with no reply address or
 * one that is not a reply queue. Redelivering those could never succeed.
 */
export async function handleReserveStock(
  deps: StockWorkerDeps,
  message: IncomingMessage,
): Promise<MessageDisposition<ReserveStockOutcome>> {
  const parsed = parseContract(reserveStockV1Schema, message.body);
  if (!parsed.ok) return deadLetter('malformed_message', describeIssues(parsed.issues));
  const command = parsed.value;
  const { messageId, replyTo, replyToSessionId } = message;
  if (!messageId || !replyTo || !replyToSessionId) {
    return deadLetter(
      'missing_reply_address',
      'ReserveStock needs a MessageId, a ReplyTo and a ReplyToSessionId.',
    );
  }
  if (!deps.replyQueues.has(replyTo)) {
    return deadLetter(
      'missing_reply_address',
      `ReplyTo ${replyTo} is not a queue the stock service answers on.`,
    );
  }
  const reply = (body: ReserveStockResultV1) =>
    deps.replies.send({
      type: stockMessageTypes.reserveStockResult,
      messageId: messageIds.reserveStockResult(command.orderId),
      to: replyTo,
      sessionId: replyToSessionId,
      correlationId: messageId,
      body,
      ...(message.trace === undefined ? {} : { trace: message.trace }),
    });

  const skus = command.lines.map((line) => line.sku);
  const reserve = (levels: ReadonlyMap<string, StockLevel>) =>
    stockReservation.reserve({
      orderId: command.orderId,
      lines: command.lines,
      levels,
      at: currentTimestamp(deps.clock),
    });
  let firstAttempt = true;

  return retryOnConflict(async () => {
    // First, without reading: a command is almost always new, and its levels are usually the ones this instance
    // wrote last. The reservation is created only if none exists and each level is written only if still at the
    // version known here, so a repeated command or a level changed elsewhere loses the write and the retry reads.
    // A refusal is never decided on levels that may be stale.
    const recent = firstAttempt ? deps.stock.recentLevels(skus) : undefined;
    firstAttempt = false;
    const optimistic = recent === undefined ? undefined : reserve(recent);
    if (recent !== undefined && optimistic?.kind === 'reserved') {
      await deps.stock.commit({
        reservation: optimistic.reservation,
        expectedReservationVersion: undefined,
        levels: stockLevelWrites(optimistic.levels, recent),
      });
      await reply(reserveStockResultOf(optimistic.reservation));
      return completed('reserved');
    }

    // Both reads at once: the levels are needed unless the command is a repeat.
    const [existing, levels] = await Promise.all([
      deps.stock.getReservation(command.orderId),
      deps.stock.getLevels(skus),
    ]);
    if (existing !== undefined) {
      await reply(reserveStockResultOf(existing));
      return completed('answered_again');
    }
    const decision = reserve(levels);
    await deps.stock.commit({
      reservation: decision.reservation,
      expectedReservationVersion: undefined,
      levels: decision.kind === 'reserved' ? stockLevelWrites(decision.levels, levels) : [],
    });
    await reply(reserveStockResultOf(decision.reservation));
    return completed(decision.kind === 'reserved' ? 'reserved' : 'rejected');
  });
}
