import type { ReleaseStockV1, ReserveStockV1 } from '../contracts/stock-commands.js';
import type { stockMessageTypes } from '../contracts/message-types.js';
import type { TraceContext } from './trace-context.js';

/**
 * A command as plain data; the Service Bus adapter maps `messageId`, `type` (to Subject), `replyTo` and
 * `replyToSessionId` one to one onto the broker message and chooses the queue by `type`.
 */
export type OutgoingCommand = ReserveStockCommand | ReleaseStockCommand;

export interface ReserveStockCommand {
  readonly type: typeof stockMessageTypes.reserveStock;
  readonly messageId: string;
  readonly body: ReserveStockV1;
  /** The queue the stock service replies to. */
  readonly replyTo: string;
  /** The reply's SessionId: the order id, so one order's replies are handled in order, one at a time. */
  readonly replyToSessionId: string;
  readonly trace?: TraceContext;
}

/** A compensation: nobody waits for an answer, but the sender still expects it carried out. */
export interface ReleaseStockCommand {
  readonly type: typeof stockMessageTypes.releaseStock;
  readonly messageId: string;
  readonly body: ReleaseStockV1;
  readonly trace?: TraceContext;
}
