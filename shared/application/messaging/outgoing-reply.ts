import type { ReserveStockResultV1 } from '../contracts/reserve-stock-result.js';
import type { stockMessageTypes } from '../contracts/message-types.js';
import type { TraceContext } from './trace-context.js';

/** A reply as plain data, addressed by the command it answers. */
export interface OutgoingReply {
  readonly type: typeof stockMessageTypes.reserveStockResult;
  readonly messageId: string;
  /** The command's ReplyTo: the queue to send to. */
  readonly to: string;
  /** The command's ReplyToSessionId. */
  readonly sessionId: string;
  /** The command's MessageId, so the requester can match the answer to its question. */
  readonly correlationId: string;
  readonly body: ReserveStockResultV1;
  readonly trace?: TraceContext;
}
