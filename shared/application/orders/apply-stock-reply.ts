import { orderLifecycle } from '../../domain/order-lifecycle.js';
import { stockMessageTypes } from '../contracts/message-types.js';
import { describeIssues, parseContract } from '../contracts/parse-contract.js';
import { reserveStockResultV1Schema } from '../contracts/reserve-stock-result.js';
import type { IncomingMessage } from '../messaging/incoming-message.js';
import { completed, deadLetter, type MessageDisposition } from '../messaging/message-disposition.js';
import { messageIds } from '../messaging/message-ids.js';
import { currentTimestamp } from '../ports/clock.js';
import { retryOnConflict } from '../retry-on-conflict.js';
import { commitOrderChange } from './commit-order-change.js';
import type { OrderChangeDeps } from './order-change-deps.js';

export type StockReplyOutcome = 'confirmed' | 'rejected' | 'already_settled';

/**
 * Applies a ReserveStockResult to its order: a pending order is confirmed or rejected, and the change publishes
 * its event through the outbox. Replies come from a session-enabled queue (SessionId = order id), so one order's
 * replies arrive in order and one at a time.
 *
 * Idempotent by correlation: a reply must answer this order's ReserveStock (CorrelationId = its MessageId), and
 * once the order has left `pending`, a repeat changes nothing. A reply for an order cancelled meanwhile changes
 * nothing either: the cancellation has already sent ReleaseStock.
 */
export async function applyStockReply(
  deps: OrderChangeDeps,
  message: IncomingMessage,
): Promise<MessageDisposition<StockReplyOutcome>> {
  if (message.type !== undefined && message.type !== stockMessageTypes.reserveStockResult) {
    return deadLetter('unknown_message_type', `The reply queue does not take ${message.type}.`);
  }
  const parsed = parseContract(reserveStockResultV1Schema, message.body);
  if (!parsed.ok) return deadLetter('malformed_message', describeIssues(parsed.issues));
  const reply = parsed.value;
  if (
    message.correlationId !== messageIds.reserveStock(reply.orderId) ||
    message.sessionId !== reply.orderId
  ) {
    return deadLetter(
      'unexpected_correlation',
      `A reply for order ${reply.orderId} must have SessionId ${reply.orderId} and CorrelationId ` +
        `${messageIds.reserveStock(reply.orderId)}.`,
    );
  }
  return retryOnConflict(async () => {
    const order = await deps.orders.getForChange(reply.orderId);
    // Orders commit before their commands are sent, so a reply for a missing order is not a race but an error.
    if (order === undefined) return deadLetter('unknown_order', `There is no order ${reply.orderId}.`);
    if (order.status !== 'pending') return completed('already_settled');
    const at = currentTimestamp(deps.clock);
    const event =
      reply.outcome === 'reserved'
        ? orderLifecycle.confirm(order, { at })
        : orderLifecycle.reject(order, { at, reason: reply.reason, unavailableSkus: reply.unavailableSkus });
    await commitOrderChange(deps, { event, previous: order, trace: message.trace });
    return completed(reply.outcome === 'reserved' ? 'confirmed' : 'rejected');
  });
}
