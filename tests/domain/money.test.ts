import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  currencyCodes,
  formatMoney,
  isCurrencyCode,
  lineTotalMinor,
  sumMinor,
} from '../../shared/domain/money.js';

describe('money', () => {
  it('multiplies a unit price by a quantity exactly when both are integers', () => {
    assert.equal(lineTotalMinor(1_999, 3), 5_997);
  });

  it('fails with validation_failed when a line total would pass the largest exact integer', () => {
    assert.throws(() => lineTotalMinor(Number.MAX_SAFE_INTEGER, 2), { code: 'validation_failed' });
  });

  it('fails with validation_failed when a sum would pass the largest exact integer', () => {
    assert.throws(() => sumMinor([Number.MAX_SAFE_INTEGER, 1]), { code: 'validation_failed' });
  });

  it('sums to zero when there is nothing to sum', () => {
    assert.equal(sumMinor([]), 0);
  });

  for (const [amount, currency, expected] of [
    [123_456, 'EUR', 'EUR 1234.56'],
    [5, 'EUR', 'EUR 0.05'],
    [0, 'USD', 'USD 0.00'],
    [-5, 'EUR', 'EUR -0.05'],
    [500, 'JPY', 'JPY 500'],
    [1_500, 'KWD', 'KWD 1.500'],
  ] as const) {
    it(`formats ${amount} minor units of ${currency} as "${expected}" when placing the decimal point by digits`, () => {
      assert.equal(formatMoney(amount, currency), expected);
    });
  }

  it('keeps every digit of the amount when formatting any exact amount', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), fc.constantFrom(...currencyCodes), (amount, currency) => {
        const digits = formatMoney(amount, currency)
          .slice(currency.length + 1)
          .replace('.', '');
        assert.equal(BigInt(digits), BigInt(amount));
      }),
    );
  });

  it('accepts only the listed ISO 4217 codes when asked whether a currency is supported', () => {
    assert.equal(isCurrencyCode('EUR'), true);
    assert.equal(isCurrencyCode('eur'), false);
    assert.equal(isCurrencyCode('XXX'), false);
  });
});
