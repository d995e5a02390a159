import { DomainError } from './domain-error.js';

/**
 * The ISO 4217 currencies the shop accepts and their minor-unit digits. Amounts are always integers of the minor
 * unit (cents, yen, fils), so no binary floating point ever touches money.
 */
export const currencyCodes = [
  'AUD',
  'CAD',
  'CHF',
  'DKK',
  'EUR',
  'GBP',
  'JPY',
  'KWD',
  'NOK',
  'PLN',
  'SEK',
  'USD',
] as const;

export type CurrencyCode = (typeof currencyCodes)[number];

const minorUnitDigits: { readonly [C in CurrencyCode]: number } = {
  AUD: 2,
  CAD: 2,
  CHF: 2,
  DKK: 2,
  EUR: 2,
  GBP: 2,
  JPY: 0,
  KWD: 3,
  NOK: 2,
  PLN: 2,
  SEK: 2,
  USD: 2,
};

export function isCurrencyCode(value: string): value is CurrencyCode {
  return (currencyCodes as readonly string[]).includes(value);
}

/** The price of `quantity` units; fails rather than lose precision past `Number.MAX_SAFE_INTEGER`. */
export function lineTotalMinor(unitPriceMinor: number, quantity: number): number {
  return requireSafeAmount(unitPriceMinor * quantity);
}

export function sumMinor(amounts: readonly number[]): number {
  return requireSafeAmount(amounts.reduce((total, amount) => total + amount, 0));
}

/** `formatMoney(123456, 'EUR')` is `"EUR 1234.56"`: decimal placement by string, never by division. */
export function formatMoney(amountMinor: number, currency: CurrencyCode): string {
  const digits = minorUnitDigits[currency];
  const sign = amountMinor < 0 ? '-' : '';
  const text = String(Math.abs(requireSafeAmount(amountMinor))).padStart(digits + 1, '0');
  const major = text.slice(0, text.length - digits);
  const minor = text.slice(text.length - digits);
  return `${currency} ${sign}${major}${digits > 0 ? `.${minor}` : ''}`;
}

function requireSafeAmount(amount: number): number {
  if (!Number.isSafeInteger(amount)) {
    throw new DomainError(
      'validation_failed',
      `The amount ${amount} is not an exact integer of minor units.`,
    );
  }
  return amount;
}
