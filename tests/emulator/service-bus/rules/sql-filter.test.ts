import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileSqlFilter } from '../../../../emulator/service-bus/rules/sql-filter.js';
import { sampleMessage, truthOf, type Truth } from './truth.js';

type Case = [expression: string, expected: Truth];

/** One `it` per row: the outcome names the truth value, the condition names the expression. */
function table(cases: readonly Case[], parameters?: Record<string, unknown>): void {
  for (const [expression, expected] of cases) {
    it(`is ${expected} when the filter is ${expression}`, () => {
      assert.equal(truthOf(expression, sampleMessage(), parameters ? { parameters } : {}), expected);
    });
  }
}

describe('SQL filter comparison operators', () => {
  table([
    ['quantity = 10', 'true'],
    ['quantity = 11', 'false'],
    ['quantity <> 11', 'true'],
    ['quantity <> 10', 'false'],
    ['quantity != 11', 'true'],
    ['quantity != 10', 'false'],
    ['quantity > 9', 'true'],
    ['quantity > 10', 'false'],
    ['quantity >= 10', 'true'],
    ['quantity >= 11', 'false'],
    ['quantity < 11', 'true'],
    ['quantity < 10', 'false'],
    ['quantity <= 10', 'true'],
    ['quantity <= 9', 'false'],
    ["color = 'red'", 'true'],
    ["color = 'Red'", 'false'],
    ["color < 's'", 'true'],
    ["'B' < 'a'", 'true'],
    ['urgent = TRUE', 'true'],
    ['urgent <> FALSE', 'true'],
    ['urgent > FALSE', 'unknown'],
    ['urgent', 'true'],
    ['TRUE', 'true'],
    ['FALSE', 'false'],
    ['color', 'unknown'],
    ['sys.EnqueuedTimeUtc = sys.EnqueuedTimeUtc', 'true'],
    ['enqueuedBefore < sys.EnqueuedTimeUtc', 'true'],
    ['1=1', 'true'],
    ['1=0', 'false'],
  ]);
});

describe('SQL filter type rules', () => {
  table([
    ['quantity = 10.0', 'true'],
    ['price > 2', 'true'],
    ['price = 2.5', 'true'],
    ['2 < 2.5', 'true'],
    ['color = 1', 'unknown'],
    ["quantity = '10'", 'unknown'],
    ['urgent = 1', 'unknown'],
    ['sys.EnqueuedTimeUtc = 0', 'unknown'],
    ["sys.EnqueuedTimeUtc > '2024-01-01'", 'unknown'],
  ]);
});

describe('SQL filter NULL and missing properties', () => {
  table([
    ['missing = 1', 'unknown'],
    ['missing <> 1', 'unknown'],
    ['missing > 1', 'unknown'],
    ['missing IS NULL', 'true'],
    ['missing IS NOT NULL', 'false'],
    ['note IS NULL', 'true'],
    ['color IS NULL', 'false'],
    ['color IS NOT NULL', 'true'],
    ['note = NULL', 'unknown'],
    ['NULL = NULL', 'unknown'],
    ['NULL IS NULL', 'true'],
    ['missing + 1 IS NULL', 'true'],
    ['-missing IS NULL', 'true'],
    ['missing + 1 = 1', 'unknown'],
    ["missing LIKE '%'", 'unknown'],
    ["missing IN ('a', 'b')", 'unknown'],
    ['sys.SessionId IS NULL', 'true'],
    ["sys.SessionId = 'x'", 'unknown'],
    ['missing', 'unknown'],
  ]);
});

describe('SQL filter three-valued AND, OR and NOT', () => {
  const operands = { true: '1=1', false: '1=0', unknown: 'missing=1' } as const;
  const and: Record<Truth, Record<Truth, Truth>> = {
    true: { true: 'true', false: 'false', unknown: 'unknown' },
    false: { true: 'false', false: 'false', unknown: 'false' },
    unknown: { true: 'unknown', false: 'false', unknown: 'unknown' },
  };
  const or: Record<Truth, Record<Truth, Truth>> = {
    true: { true: 'true', false: 'true', unknown: 'true' },
    false: { true: 'true', false: 'false', unknown: 'unknown' },
    unknown: { true: 'true', false: 'unknown', unknown: 'unknown' },
  };
  const truths = ['true', 'false', 'unknown'] as const;
  for (const left of truths) {
    for (const right of truths) {
      it(`is ${and[left][right]} when ${left} AND ${right}`, () => {
        assert.equal(truthOf(`${operands[left]} AND ${operands[right]}`, sampleMessage()), and[left][right]);
      });
      it(`is ${or[left][right]} when ${left} OR ${right}`, () => {
        assert.equal(truthOf(`${operands[left]} OR ${operands[right]}`, sampleMessage()), or[left][right]);
      });
    }
  }
  table([
    ['NOT 1=1', 'false'],
    ['NOT 1=0', 'true'],
    ['NOT missing = 1', 'unknown'],
    ['NOT (missing = 1)', 'unknown'],
    ['NOT NOT 1=1', 'true'],
  ]);

  it('does not select a message when NOT (x = 1) and x is missing', () => {
    assert.equal(compileSqlFilter('NOT (x = 1)')(sampleMessage()), false);
  });
});

describe('SQL filter precedence', () => {
  table([
    // AND before OR: T OR (T AND F), not (T OR T) AND F.
    ['1=1 OR 1=1 AND 1=0', 'true'],
    ['1=0 AND 1=0 OR 1=1', 'true'],
    ['(1=1 OR 1=1) AND 1=0', 'false'],
    // NOT before AND and OR: (NOT F) AND F, (NOT T) OR T.
    ['NOT 1=0 AND 1=0', 'false'],
    ['NOT 1=1 OR 1=1', 'true'],
    ['NOT (1=1 OR 1=1)', 'false'],
    // Arithmetic before comparison, * / % before + -, left to right.
    ['2 + 3 * 4 = 14', 'true'],
    ['(2 + 3) * 4 = 20', 'true'],
    ['10 - 4 - 3 = 3', 'true'],
    ['24 / 4 / 2 = 3', 'true'],
    ['-2 * -3 = 6', 'true'],
    ['- quantity + 15 = 5', 'true'],
    ['20 % 7 * 2 = 12', 'true'],
    ['1 + 1 = 2 AND 2 * 2 = 4', 'true'],
  ]);
});

describe('SQL filter arithmetic', () => {
  table([
    ['quantity + 1 = 11', 'true'],
    ['quantity - 11 = -1', 'true'],
    ['quantity * 2 = 20', 'true'],
    ['quantity / 4 = 2', 'true'],
    ['quantity / 4.0 = 2.5', 'true'],
    ['quantity % 3 = 1', 'true'],
    ['-7 / 2 = -3', 'true'],
    ['-7 % 3 = -1', 'true'],
    ['price + 1 = 3.5', 'true'],
    ['5.5 % 2 = 1.5', 'true'],
    ['+quantity = 10', 'true'],
    ['quantity / 0 IS NULL', 'true'],
    ['quantity % 0 IS NULL', 'true'],
    ['1.0 / 0 > 1000000', 'true'],
    ['9223372036854775807 + 1 < 0', 'true'],
    ['101.5E5 = 10150000', 'true'],
    ['0.5E-2 = 0.005', 'true'],
    ['.5 = 0.5', 'true'],
    ["'bus' + ' stop' = sys.Label", 'true'],
    ["'a' + 1 IS NULL", 'true'],
    ["-'a' IS NULL", 'true'],
    ['urgent + 1 IS NULL', 'true'],
    ['sys.SequenceNumber + 1 = 43', 'true'],
    ['sys.TimeToLive / 1000 = 60', 'true'],
  ]);
});

describe('SQL filter LIKE', () => {
  table([
    ["color LIKE 'red'", 'true'],
    ["sys.Label LIKE '%bus%'", 'true'],
    ["color LIKE 'r_d'", 'true'],
    ["color LIKE 'r_'", 'false'],
    ["color LIKE 'R%'", 'false'],
    ["color LIKE '%'", 'true'],
    ["color LIKE ''", 'false'],
    ["color LIKE 'r.d'", 'false'],
    ["color LIKE '[r]ed'", 'false'],
    ["color NOT LIKE 'b%'", 'true'],
    ["color NOT LIKE 'r%'", 'false'],
    ["percentage LIKE '50%'", 'true'],
    ["percentage LIKE '5\\%' ESCAPE '\\'", 'false'],
    ["percentage LIKE '50\\%' ESCAPE '\\'", 'true'],
    ["percentage LIKE '50!%' ESCAPE '!'", 'true'],
    ["percentage LIKE '50%%' ESCAPE '%'", 'true'],
    ["code LIKE 'a!_b' ESCAPE '!'", 'true'],
    ["color LIKE 'r!_d' ESCAPE '!'", 'false'],
    ["quote LIKE '%''%'", 'true'],
    ["multiline LIKE 'first%second'", 'true'],
    ["multiline LIKE 'first_second'", 'true'],
    ['color LIKE pattern', 'true'],
    ["color LIKE pattern ESCAPE '!'", 'true'],
    ["color LIKE 'x' + '%'", 'false'],
    ["quantity LIKE '1%'", 'unknown'],
    ['color LIKE missing', 'unknown'],
    ["color LIKE 'r!' ESCAPE missing", 'unknown'],
  ]);
});

describe('SQL filter IN', () => {
  table([
    ["color IN ('red', 'blue')", 'true'],
    ["color IN ('blue')", 'false'],
    ["color NOT IN ('blue', 'green')", 'true'],
    ["color NOT IN ('red')", 'false'],
    ['quantity IN (1, 10.0)', 'true'],
    ['quantity IN (5 + 5)', 'true'],
    ["quantity IN ('10')", 'false'],
    ["color IN (NULL, 'red')", 'true'],
    ['color IN (NULL)', 'false'],
    ['color NOT IN (NULL)', 'true'],
    ["color IN (missing, 'red')", 'true'],
    ["sys.To IN ('Store5', 'shop')", 'true'],
    ["sys.To NOT IN ('Store1', 'Store2') OR missing = 'Store8'", 'true'],
    ["missing NOT IN ('a')", 'unknown'],
  ]);
});

describe('SQL filter EXISTS', () => {
  table([
    ['EXISTS(color)', 'true'],
    ['EXISTS (user.color)', 'true'],
    ['EXISTS(missing)', 'false'],
    ['NOT EXISTS(missing)', 'true'],
    ['NOT EXISTS(color)', 'false'],
    ['EXISTS(note)', 'true'],
    ['EXISTS([Property With Space])', 'true'],
    ['EXISTS(sys.MessageId)', 'true'],
    ['EXISTS(sys.SessionId)', 'false'],
  ]);
});

describe('SQL filter property references and case-insensitivity', () => {
  table([
    ["user.color = 'red'", 'true'],
    ["USER.Color = 'red'", 'true'],
    ["COLOR = 'red'", 'true'],
    ["Sys.LABEL = 'bus stop'", 'true'],
    ["sys.label LIKE '%bus%'", 'true'],
    ["sys.Subject = 'bus stop'", 'true'],
    ["sys.messageid = 'order-1'", 'true'],
    ["sys.correlationid like 'corr-%'", 'true'],
    ['sys.DeliveryCount = 0', 'true'],
    ["sys.ContentType LIKE 'application/%'", 'true'],
    ["[Property With Space] = 'yes'", 'true'],
    ["[property with space] = 'yes'", 'true'],
    ["user.[Property With Space] = 'yes'", 'true'],
    ['[HR-EmployeeID] = 7', 'true'],
    ['"Contoso & Northwind" = \'quoted\'', 'true'],
    ["[a]]b] = 'bracket'", 'true'],
    ['größe = 3', 'true'],
    ['GRÖßE = 3', 'true'],
    ["[in] = 'keyword-named'", 'true'],
    ["user.in = 'keyword-named'", 'true'],
    ["[sys.Label] = 'bus stop'", 'unknown'],
    ["color = 'red' and QUANTITY = 10 Or 1=0", 'true'],
    ['nOt exists(missing)', 'true'],
    ['color is not null', 'true'],
    ["color not in ('blue') AND color like 'r%' escape '!'", 'true'],
    ['true AND NOT false', 'true'],
    ["\tcolor\n=\r\n'red'  ", 'true'],
  ]);

  it('matches the exact key first when two user properties differ only in case', () => {
    const message = { system: {}, user: { Tier: 'gold', tier: 'silver' } };
    assert.equal(compileSqlFilter("tier = 'silver'")(message), true);
    assert.equal(compileSqlFilter("Tier = 'gold'")(message), true);
  });
});

describe('SQL filter parameters', () => {
  table(
    [
      ['color = @color', 'true'],
      ['quantity > @min', 'true'],
      ['price = @price', 'true'],
      ['sys.EnqueuedTimeUtc > @since', 'true'],
      ['color LIKE @pattern', 'true'],
      ["color LIKE 'r!%' ESCAPE @escape", 'false'],
      ['@flag = TRUE', 'true'],
      ['missing = @nothing', 'unknown'],
    ],
    {
      '@color': 'red',
      '@MIN': 5,
      '@price': 2.5,
      '@since': new Date('2024-01-01T00:00:00Z'),
      '@pattern': 'r%',
      '@escape': '!',
      flag: true,
      '@nothing': null,
    },
  );
});

describe('SQL filter functions', () => {
  table([
    ["property('color') = 'red'", 'true'],
    ["p('COLOR') = 'red'", 'true'],
    ["p('sys.Label') = 'bus stop'", 'true'],
    ["p('user.quantity') = 10", 'true'],
    ["p('sys.Nope') IS NULL", 'true'],
    ["p('col' + 'or') = 'red'", 'true'],
    ['p(quantity) IS NULL', 'true'],
    ['newid() IS NOT NULL', 'true'],
    ['newid() <> newid()', 'true'],
    ["newid() LIKE '________-____-____-____-____________'", 'true'],
  ]);
});

describe('SQL filter messages of unusual shape', () => {
  it('treats a binary property as existing but comparable to nothing when it holds a Buffer', () => {
    const message = { system: {}, user: { blob: Buffer.from('x') } };
    assert.equal(truthOf('EXISTS(blob)', message), 'true');
    assert.equal(truthOf('blob IS NULL', message), 'false');
    assert.equal(truthOf("blob = 'x'", message), 'unknown');
  });

  it('compares Int64 properties exactly when they arrive as bigint', () => {
    const message = { system: {}, user: { big: 9007199254740993n } };
    assert.equal(truthOf('big = 9007199254740993', message), 'true');
    assert.equal(truthOf('big = 9007199254740992', message), 'false');
  });

  it('selects nothing and throws nothing when the message has no properties at all', () => {
    const filter = compileSqlFilter("a = 1 OR sys.Label LIKE 'x%' OR b IN (1) OR NOT EXISTS(c)");
    assert.equal(filter({ system: {}, user: {} }), true);
    assert.equal(compileSqlFilter('a = 1 OR b > 2')({ system: {}, user: {} }), false);
  });
});
