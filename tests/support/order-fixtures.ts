import type { PlaceOrderRequest } from '../../shared/application/contracts/order-requests.js';
import { placeOrder, type PlaceOrderResult } from '../../shared/application/orders/place-order.js';
import type { OrderTestHarness } from './order-test-harness.js';

let keySequence = 0;

/** A key no other test uses, so tests stay independent however they are scheduled. */
export function uniqueKey(): string {
  keySequence += 1;
  return `key-${process.pid}-${keySequence}`;
}

export function placeOrderRequest(overrides: Partial<PlaceOrderRequest> = {}): PlaceOrderRequest {
  return {
    customerId: 'customer-1',
    currency: 'EUR',
    lines: [
      { sku: 'SKU-1', quantity: 2, unitPriceMinor: 1_250 },
      { sku: 'SKU-2', quantity: 1, unitPriceMinor: 499 },
    ],
    ...overrides,
  };
}

/** Places an order through the use case, as the API would. */
export function placeTestOrder(
  harness: OrderTestHarness,
  overrides: Partial<PlaceOrderRequest> = {},
): Promise<PlaceOrderResult> {
  return placeOrder(harness.deps, { idempotencyKey: uniqueKey(), request: placeOrderRequest(overrides) });
}
