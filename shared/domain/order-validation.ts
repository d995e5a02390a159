import type { ValidationIssue } from './domain-error.js';
import { isIdentifier } from './identifiers.js';
import { isCurrencyCode } from './money.js';
import type { OrderLine } from './order.js';
import { orderLimits } from './order-limits.js';

export interface NewOrderFields {
  readonly id: string;
  readonly customerId: string;
  readonly currency: string;
  readonly lines: readonly OrderLine[];
}

/** Every rule a new order breaks, not just the first, so a client can fix its request in one round trip. */
export function validateNewOrder(fields: NewOrderFields): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (!isIdentifier('orderId', fields.id)) issues.push({ pointer: '/id', message: 'Not a valid order id.' });
  if (!isIdentifier('customerId', fields.customerId)) {
    issues.push({ pointer: '/customerId', message: 'Not a valid customer id.' });
  }
  if (!isCurrencyCode(fields.currency)) {
    issues.push({ pointer: '/currency', message: 'Not a currency this shop accepts.' });
  }
  if (fields.lines.length === 0 || fields.lines.length > orderLimits.maxLines) {
    issues.push({ pointer: '/lines', message: `An order has between 1 and ${orderLimits.maxLines} lines.` });
  }
  const seenSkus = new Set<string>();
  fields.lines.forEach((line, index) => {
    const at = `/lines/${index}`;
    if (!isIdentifier('sku', line.sku)) issues.push({ pointer: `${at}/sku`, message: 'Not a valid SKU.' });
    else if (seenSkus.has(line.sku)) {
      issues.push({ pointer: `${at}/sku`, message: 'Each SKU appears on one line only.' });
    }
    seenSkus.add(line.sku);
    if (!isIntegerWithin(line.quantity, 1, orderLimits.maxQuantityPerLine)) {
      issues.push({
        pointer: `${at}/quantity`,
        message: `A quantity is a whole number from 1 to ${orderLimits.maxQuantityPerLine}.`,
      });
    }
    if (!isIntegerWithin(line.unitPriceMinor, 0, orderLimits.maxUnitPriceMinor)) {
      issues.push({
        pointer: `${at}/unitPriceMinor`,
        message: `A unit price is a whole number of minor units from 0 to ${orderLimits.maxUnitPriceMinor}.`,
      });
    }
  });
  return issues;
}

export function validateCancellationReason(reason: string | undefined): ValidationIssue[] {
  if (reason === undefined || reason.length <= orderLimits.maxCancellationReasonLength) return [];
  return [
    {
      pointer: '/reason',
      message: `A cancellation reason has at most ${orderLimits.maxCancellationReasonLength} characters.`,
    },
  ];
}

function isIntegerWithin(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}
