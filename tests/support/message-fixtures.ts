import { stockMessageTypes } from '../../shared/application/contracts/message-types.js';
import type { ReserveStockResultV1 } from '../../shared/application/contracts/reserve-stock-result.js';
import type { IncomingMessage } from '../../shared/application/messaging/incoming-message.js';
import { messageIds } from '../../shared/application/messaging/message-ids.js';
import type { OutgoingCommand } from '../../shared/application/messaging/outgoing-command.js';
import type { OutgoingReply } from '../../shared/application/messaging/outgoing-reply.js';

/** A sent command as its receiver gets it: the body through JSON, the broker properties carried over. */
export function deliveredCommand(command: OutgoingCommand): IncomingMessage {
  return {
    body: throughJson(command.body),
    type: command.type,
    messageId: command.messageId,
    replyTo: 'replyTo' in command ? command.replyTo : undefined,
    replyToSessionId: 'replyToSessionId' in command ? command.replyToSessionId : undefined,
    trace: command.trace,
  };
}

export function deliveredReply(reply: OutgoingReply): IncomingMessage {
  return {
    body: throughJson(reply.body),
    type: reply.type,
    messageId: reply.messageId,
    correlationId: reply.correlationId,
    sessionId: reply.sessionId,
    trace: reply.trace,
  };
}

/** A well-addressed reply for the order, as the stock service would send it. */
export function stockReply(body: ReserveStockResultV1): IncomingMessage {
  return {
    body,
    type: stockMessageTypes.reserveStockResult,
    messageId: messageIds.reserveStockResult(body.orderId),
    correlationId: messageIds.reserveStock(body.orderId),
    sessionId: body.orderId,
  };
}

/** What a receiver sees of a value that crossed the wire as JSON. */
export function throughJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
