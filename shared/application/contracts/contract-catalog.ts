import { z } from 'zod';
import {
  orderCancelledV1Schema,
  orderConfirmedV1Schema,
  orderPlacedV1Schema,
  orderRejectedV1Schema,
} from './order-events.js';
import { cancelOrderRequestSchema, placeOrderRequestSchema } from './order-requests.js';
import { reserveStockResultV1Schema } from './reserve-stock-result.js';
import { releaseStockV1Schema, reserveStockV1Schema } from './stock-commands.js';
import {
  orderTransitionedV1Schema,
  outboxDispatchFailedV1Schema,
  requestCompletedV1Schema,
  stockCommandHandledV1Schema,
} from './telemetry-records.js';

/** Every published contract, by the name of its JSON Schema document in `docs/contracts/`. */
export const contractCatalog: ReadonlyMap<string, z.ZodType> = new Map<string, z.ZodType>([
  ['order-placed.v1', orderPlacedV1Schema],
  ['order-confirmed.v1', orderConfirmedV1Schema],
  ['order-rejected.v1', orderRejectedV1Schema],
  ['order-cancelled.v1', orderCancelledV1Schema],
  ['reserve-stock.v1', reserveStockV1Schema],
  ['reserve-stock-result.v1', reserveStockResultV1Schema],
  ['release-stock.v1', releaseStockV1Schema],
  ['telemetry-request-completed.v1', requestCompletedV1Schema],
  ['telemetry-order-transitioned.v1', orderTransitionedV1Schema],
  ['telemetry-outbox-dispatch-failed.v1', outboxDispatchFailedV1Schema],
  ['telemetry-stock-command-handled.v1', stockCommandHandledV1Schema],
  ['place-order-request', placeOrderRequestSchema],
  ['cancel-order-request', cancelOrderRequestSchema],
]);

/**
 * The JSON Schema (draft 2020-12) of each contract, as the code validates it. Generated for what a valid message
 * is on input: optional fields stay optional, and message schemas allow unknown properties, as a tolerant reader
 * does; request bodies, which are strict, say so.
 */
export function contractJsonSchemas(): Map<string, Record<string, unknown>> {
  return new Map(
    [...contractCatalog].map(([name, schema]) => [
      `${name}.schema.json`,
      z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input' }) as Record<string, unknown>,
    ]),
  );
}
