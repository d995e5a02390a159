import { identifierPatterns } from '../../domain/identifiers.js';
import { stockMessageTypes } from '../contracts/message-types.js';
import type { StockCommandHandledV1 } from '../contracts/telemetry-records.js';
import type { IncomingMessage } from '../messaging/incoming-message.js';
import { deadLetter, type MessageDisposition } from '../messaging/message-disposition.js';
import { telemetryRecords } from '../telemetry/telemetry-records.js';
import { handleReleaseStock, type ReleaseStockOutcome } from './handle-release-stock.js';
import { handleReserveStock, type ReserveStockOutcome } from './handle-reserve-stock.js';
import type { StockWorkerDeps } from './stock-worker-deps.js';

type StockCommandOutcome = ReserveStockOutcome | ReleaseStockOutcome;

/**
 * The stock command queue carries both commands; the message's type (Service Bus Subject) picks the handler. Each
 * command the worker finishes with, carried out or parked, is reported as telemetry; one that throws is not finished
 * (the broker redelivers it).
 */
export async function handleStockCommand(
  deps: StockWorkerDeps,
  message: IncomingMessage,
): Promise<MessageDisposition<StockCommandOutcome>> {
  const started = deps.clock.now();
  const command = commandOf(message.type);
  const result = await handle(deps, message, command);
  const finished = deps.clock.now();
  deps.telemetry.emit(
    telemetryRecords.stockCommandHandled({
      orderId: orderIdOf(message.body),
      command,
      outcome: result.disposition === 'complete' ? result.outcome : result.reason,
      parked: result.disposition === 'dead-letter',
      durationMs: finished - started,
      at: finished,
    }),
  );
  return result;
}

function handle(
  deps: StockWorkerDeps,
  message: IncomingMessage,
  command: StockCommandHandledV1['command'],
): Promise<MessageDisposition<StockCommandOutcome>> {
  switch (command) {
    case 'reserve-stock':
      return handleReserveStock(deps, message);
    case 'release-stock':
      return handleReleaseStock(deps, message);
    case 'unknown':
      return Promise.resolve(
        deadLetter(
          'unknown_message_type',
          `The stock service has no command ${message.type ?? '(no Subject)'}.`,
        ),
      );
  }
}

function commandOf(type: string | undefined): StockCommandHandledV1['command'] {
  if (type === stockMessageTypes.reserveStock) return 'reserve-stock';
  if (type === stockMessageTypes.releaseStock) return 'release-stock';
  return 'unknown';
}

/** The order a command names, read without trusting the body: telemetry keeps an order's records together. */
function orderIdOf(body: unknown): string | undefined {
  const orderId = (body as { orderId?: unknown } | null | undefined)?.orderId;
  return typeof orderId === 'string' && identifierPatterns.orderId.test(orderId) ? orderId : undefined;
}
