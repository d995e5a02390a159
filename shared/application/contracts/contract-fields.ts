import { z } from 'zod';
import { identifierPatterns } from '../../domain/identifiers.js';
import { currencyCodes } from '../../domain/money.js';
import { orderStatuses } from '../../domain/order.js';
import { orderLimits } from '../../domain/order-limits.js';

// Field schemas shared by the contracts; their bounds come from the domain, so the published schema and the rules
// the domain enforces cannot drift apart.

export const orderIdSchema = z.string().regex(identifierPatterns.orderId).describe('Order id.');

export const customerIdSchema = z.string().regex(identifierPatterns.customerId).describe('Customer id.');

export const skuSchema = z.string().regex(identifierPatterns.sku).describe('Stock keeping unit.');

export const currencySchema = z.enum(currencyCodes).describe('ISO 4217 currency code.');

export const quantitySchema = z.number().int().min(1).max(orderLimits.maxQuantityPerLine);

export const unitPriceMinorSchema = z
  .number()
  .int()
  .min(0)
  .max(orderLimits.maxUnitPriceMinor)
  .describe('Price of one unit in minor units of the currency (cents for EUR, yen for JPY).');

export const amountMinorSchema = z
  .number()
  .int()
  .min(0)
  .max(Number.MAX_SAFE_INTEGER)
  .describe('An amount in minor units of the currency.');

export const orderVersionSchema = z
  .number()
  .int()
  .min(1)
  .describe('The order version this message reflects; a higher version is a later state.');

export const orderStatusSchema = z.enum(orderStatuses);

export const timestampSchema = z.iso.datetime({ offset: true }).describe('RFC 3339 date-time.');

/** W3C Trace Context `traceparent`, so one order can be followed across every hop. */
export const traceparentSchema = z.string().regex(/^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/);

export const tracestateSchema = z.string().max(512);

export const orderLineSchema = z.object({
  sku: skuSchema,
  quantity: quantitySchema,
  unitPriceMinor: unitPriceMinorSchema,
});

export const stockLineSchema = z.object({ sku: skuSchema, quantity: quantitySchema });
