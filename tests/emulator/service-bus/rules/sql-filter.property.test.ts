import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { FilterableMessage } from '../../../../emulator/service-bus/rules/filterable-message.js';
import { compileSqlAction } from '../../../../emulator/service-bus/rules/sql-action.js';
import { compileSqlFilter, SqlExpressionError } from '../../../../emulator/service-bus/rules/sql-filter.js';
import { truthOf } from './truth.js';

// A small vocabulary keeps collisions likely: the same properties appear on both sides and in messages.
const property = fc.constantFrom('a', 'B', 'user.c', '[d e]', 'sys.Label', 'sys.SequenceNumber', 'missing');
const literal = fc.constantFrom('0', '1', '-3', '2.5', '1E2', "'x'", "'X%'", "''''", 'TRUE', 'FALSE', 'NULL');

const { value, condition } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    property,
    literal,
    fc
      .tuple(tie('value'), fc.constantFrom('+', '-', '*', '/', '%'), tie('value'))
      .map(([left, operator, right]) => `(${left} ${operator} ${right})`),
    tie('value').map((operand) => `-${operand}`),
  ),
  condition: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc
      .tuple(tie('value'), fc.constantFrom('=', '<>', '!=', '>', '>=', '<', '<='), tie('value'))
      .map(([left, operator, right]) => `${left} ${operator} ${right}`),
    fc.tuple(tie('value'), fc.boolean()).map(([operand, not]) => `${operand} IS ${not ? 'NOT ' : ''}NULL`),
    fc
      .tuple(tie('value'), fc.boolean(), fc.array(tie('value'), { minLength: 1, maxLength: 3 }))
      .map(([operand, not, list]) => `${operand} ${not ? 'NOT ' : ''}IN (${list.join(', ')})`),
    fc
      .tuple(tie('value'), fc.boolean(), fc.constantFrom("'x%'", "'_'", "'%!%%'", 'a'), fc.boolean())
      .map(
        ([operand, not, pattern, escaped]) =>
          `${operand} ${not ? 'NOT ' : ''}LIKE ${pattern}${escaped ? " ESCAPE '!'" : ''}`,
      ),
    property.map((name) => `EXISTS(${name})`),
    tie('condition').map((operand) => `NOT (${operand})`),
    fc
      .tuple(tie('condition'), fc.constantFrom('AND', 'OR'), tie('condition'))
      .map(([left, operator, right]) => `(${left}) ${operator} (${right})`),
  ),
})) as { value: fc.Arbitrary<string>; condition: fc.Arbitrary<string> };

const propertyValue = fc.oneof(
  fc.integer({ min: -5, max: 5 }),
  fc.double(),
  fc.constantFrom('x', 'X%', '', "'"),
  fc.string({ maxLength: 4 }),
  fc.boolean(),
  fc.constant(null),
  fc.date({ noInvalidDate: true }),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
);

const message: fc.Arbitrary<FilterableMessage> = fc
  .record({
    system: fc.record(
      { Label: fc.oneof(fc.constant(undefined), fc.string({ maxLength: 4 })), SequenceNumber: fc.nat() },
      {
        requiredKeys: [],
      },
    ),
    user: fc.record(
      { a: propertyValue, b: propertyValue, C: propertyValue, 'd e': propertyValue },
      { requiredKeys: [] },
    ),
  })
  // fast-check builds records without a prototype; messages decoded from AMQP are plain objects.
  .map(({ system, user }) => ({ system: { ...system }, user: { ...user } }));

describe('SQL filter properties', () => {
  it('never selects a message with both a condition and its negation when conditions are random', () => {
    fc.assert(
      fc.property(condition, message, (expression, sample) => {
        const selected = compileSqlFilter(expression)(sample);
        const negationSelected = compileSqlFilter(`NOT (${expression})`)(sample);
        assert.ok(!(selected && negationSelected));
      }),
      { numRuns: 500 },
    );
  });

  it('compiles and evaluates without throwing when expressions come from the grammar', () => {
    fc.assert(
      fc.property(condition, fc.array(message, { maxLength: 5 }), (expression, samples) => {
        const filter = compileSqlFilter(expression);
        for (const sample of samples) assert.equal(typeof filter(sample), 'boolean');
      }),
      { numRuns: 500 },
    );
  });

  it('agrees with De Morgan under three-valued logic when two random conditions are combined', () => {
    fc.assert(
      fc.property(condition, condition, message, (left, right, sample) => {
        assert.equal(
          truthOf(`NOT ((${left}) AND (${right}))`, sample),
          truthOf(`NOT (${left}) OR NOT (${right})`, sample),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('selects with a OR NOT a exactly when a is not unknown', () => {
    fc.assert(
      fc.property(condition, message, (expression, sample) => {
        const excludedMiddle = compileSqlFilter(`(${expression}) OR NOT (${expression})`)(sample);
        assert.equal(excludedMiddle, truthOf(expression, sample) !== 'unknown');
      }),
      { numRuns: 300 },
    );
  });

  it('either compiles or throws SqlExpressionError inside the text when the text is arbitrary', () => {
    const fragments = fc.constantFrom(
      'a',
      'sys.',
      'user.',
      '[x',
      ']',
      "'",
      "''",
      '"',
      '(',
      ')',
      '=',
      '<>',
      '!',
      '@p',
      'AND',
      'OR',
      'NOT',
      'IN',
      'LIKE',
      'ESCAPE',
      'IS',
      'NULL',
      'EXISTS',
      ',',
      '1',
      '.5',
      '1E',
      '-',
      '*',
      '%',
      ' ',
      'p(',
      'newid()',
    );
    const text = fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.array(fragments, { maxLength: 12 }).map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(text, (expression) => {
        try {
          compileSqlFilter(expression);
        } catch (error) {
          if (!(error instanceof SqlExpressionError)) throw error;
          assert.ok(error.position >= 0 && error.position <= expression.length);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('SQL rule action properties', () => {
  it('never changes the given message when random values are assigned', () => {
    fc.assert(
      fc.property(value, message, (expression, sample) => {
        const before = structuredClone(sample);
        const changed = compileSqlAction(`SET a = ${expression}; REMOVE b; SET sys.Label = 'x'`)(sample);
        assert.deepEqual(sample, before);
        assert.equal(Object.hasOwn(changed.user, 'b'), false);
      }),
      { numRuns: 300 },
    );
  });
});
