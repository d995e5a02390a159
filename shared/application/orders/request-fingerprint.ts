import { createHash } from 'node:crypto';
import type { PlaceOrderRequest } from '../contracts/order-requests.js';

/**
 * Identifies a placement request by its content. Built field by field, so the property order of the client's JSON
 * does not matter; line order does, as two differently ordered orders are different requests.
 */
export function requestFingerprint(request: PlaceOrderRequest): string {
  const canonical = JSON.stringify([
    request.customerId,
    request.currency,
    request.lines.map((line) => [line.sku, line.quantity, line.unitPriceMinor]),
  ]);
  return createHash('sha256').update(canonical).digest('base64url');
}
