import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { stockReservation, type StockLevel } from '../../shared/domain/stock-reservation.js';

const at = '2025-03-01T10:00:00.000Z';

function levels(available: Record<string, number>): Map<string, StockLevel> {
  return new Map(
    Object.entries(available).map(([sku, units]) => [sku, { sku, available: units, version: 7 }]),
  );
}

describe('stock reservation', () => {
  it('takes every line from its level and records the reservation when all lines are available', () => {
    const decision = stockReservation.reserve({
      orderId: 'order-1',
      lines: [
        { sku: 'SKU-1', quantity: 3 },
        { sku: 'SKU-2', quantity: 5 },
      ],
      levels: levels({ 'SKU-1': 10, 'SKU-2': 5 }),
      at,
    });
    assert.equal(decision.kind, 'reserved');
    assert.deepEqual(decision.kind === 'reserved' && decision.levels, [
      { sku: 'SKU-1', available: 7, version: 8 },
      { sku: 'SKU-2', available: 0, version: 8 },
    ]);
    assert.equal(decision.kind === 'reserved' && decision.reservation.status, 'reserved');
  });

  it('refuses the whole order and names the short SKUs when any line is short', () => {
    const decision = stockReservation.reserve({
      orderId: 'order-1',
      lines: [
        { sku: 'SKU-1', quantity: 3 },
        { sku: 'SKU-2', quantity: 6 },
      ],
      levels: levels({ 'SKU-1': 10, 'SKU-2': 5 }),
      at,
    });
    assert.equal(decision.kind, 'refused');
    assert.equal(decision.kind === 'refused' && decision.reservation.status, 'refused');
    assert.deepEqual(decision.kind === 'refused' && decision.reservation.unavailableSkus, ['SKU-2']);
  });

  it('refuses for unknown SKUs, naming them, when the catalogue lacks some', () => {
    const decision = stockReservation.reserve({
      orderId: 'order-1',
      lines: [
        { sku: 'SKU-1', quantity: 1 },
        { sku: 'SKU-9', quantity: 1 },
      ],
      levels: levels({ 'SKU-1': 10 }),
      at,
    });
    assert.equal(decision.kind, 'refused');
    assert.equal(decision.reservation.refusal, 'unknown_sku');
    assert.deepEqual(decision.reservation.unavailableSkus, ['SKU-9']);
  });

  it('takes from a level once when two lines name the same SKU', () => {
    const decision = stockReservation.reserve({
      orderId: 'order-1',
      lines: [
        { sku: 'SKU-1', quantity: 4 },
        { sku: 'SKU-1', quantity: 4 },
      ],
      levels: levels({ 'SKU-1': 10 }),
      at,
    });
    assert.deepEqual(decision.kind === 'reserved' && decision.levels, [
      { sku: 'SKU-1', available: 2, version: 8 },
    ]);
  });

  it('gives back what was reserved when a reserved order is released', () => {
    const reserved = stockReservation.reserve({
      orderId: 'order-1',
      lines: [{ sku: 'SKU-1', quantity: 4 }],
      levels: levels({ 'SKU-1': 10 }),
      at,
    });
    assert.equal(reserved.kind, 'reserved');
    if (reserved.kind !== 'reserved') return;
    const decision = stockReservation.release({
      orderId: 'order-1',
      reservation: reserved.reservation,
      levels: new Map(reserved.levels.map((level) => [level.sku, level])),
      at,
    });
    assert.equal(decision.kind, 'released');
    assert.deepEqual(decision.kind === 'released' && decision.levels, [
      { sku: 'SKU-1', available: 10, version: 9 },
    ]);
    assert.equal(decision.kind === 'released' && decision.reservation.version, 2);
  });

  it('records a released reservation holding nothing when the release comes before the reservation', () => {
    const decision = stockReservation.release({
      orderId: 'order-1',
      reservation: undefined,
      levels: new Map(),
      at,
    });
    assert.equal(decision.kind, 'released');
    assert.deepEqual(decision.kind === 'released' && decision.levels, []);
    assert.equal(decision.kind === 'released' && decision.reservation.status, 'released');
  });

  it('changes nothing when a refused reservation is released', () => {
    const refused = stockReservation.reserve({
      orderId: 'order-1',
      lines: [{ sku: 'SKU-1', quantity: 11 }],
      levels: levels({ 'SKU-1': 10 }),
      at,
    });
    assert.equal(refused.kind, 'refused');
    if (refused.kind !== 'refused') return;
    assert.deepEqual(
      stockReservation.release({
        orderId: 'order-1',
        reservation: refused.reservation,
        levels: new Map(),
        at,
      }),
      { kind: 'unchanged' },
    );
  });

  it('never takes more than is available and restores every level on release when any order is reserved', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom('SKU-1', 'SKU-2', 'SKU-3'), fc.nat({ max: 20 }), { minKeys: 3 }),
        fc.array(
          fc.record({
            sku: fc.constantFrom('SKU-1', 'SKU-2', 'SKU-3'),
            quantity: fc.integer({ min: 1, max: 20 }),
          }),
          {
            minLength: 1,
          },
        ),
        (available, lines) => {
          const before = levels(available);
          const decision = stockReservation.reserve({ orderId: 'order-1', lines, levels: before, at });
          if (decision.kind !== 'reserved') return;
          assert.ok(decision.levels.every((level) => level.available >= 0));
          const after = new Map(decision.levels.map((level) => [level.sku, level]));
          const released = stockReservation.release({
            orderId: 'order-1',
            reservation: decision.reservation,
            levels: after,
            at,
          });
          assert.equal(released.kind, 'released');
          for (const level of released.kind === 'released' ? released.levels : []) {
            assert.equal(level.available, before.get(level.sku)?.available);
          }
        },
      ),
    );
  });
});
