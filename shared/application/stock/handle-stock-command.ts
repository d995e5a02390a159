import { stockMessageTypes } from '../contracts/message-types.js';
import type { IncomingMessage } from '../messaging/incoming-message.js';
import { deadLetter, type MessageDisposition } from '../messaging/message-disposition.js';
import { handleReleaseStock, type ReleaseStockOutcome } from './handle-release-stock.js';
import { handleReserveStock, type ReserveStockOutcome } from './handle-reserve-stock.js';
import type { StockWorkerDeps } from './stock-worker-deps.js';

/** The stock command queue carries both commands; the message's type (Service Bus Subject) picks the handler. */
export function handleStockCommand(
  deps: StockWorkerDeps,
  message: IncomingMessage,
): Promise<MessageDisposition<ReserveStockOutcome | ReleaseStockOutcome>> {
  switch (message.type) {
    case stockMessageTypes.reserveStock:
      return handleReserveStock(deps, message);
    case stockMessageTypes.releaseStock:
      return handleReleaseStock(deps, message);
    default:
      return Promise.resolve(
        deadLetter(
          'unknown_message_type',
          `The stock service has no command ${message.type ?? '(no Subject)'}.`,
        ),
      );
  }
}
