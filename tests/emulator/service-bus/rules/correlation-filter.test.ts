import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  compileCorrelationFilter,
  CorrelationFilterError,
  type CorrelationFilterDefinition,
} from '../../../../emulator/service-bus/rules/correlation-filter.js';
import type { FilterableMessage } from '../../../../emulator/service-bus/rules/filterable-message.js';
import { compileSqlFilter } from '../../../../emulator/service-bus/rules/sql-filter.js';

function message(): FilterableMessage {
  return {
    system: {
      CorrelationId: 'high',
      MessageId: 'order-1',
      To: 'shop',
      ReplyTo: 'johndoe@contoso.com',
      Subject: 'Important',
      SessionId: 'session-1',
      ReplyToSessionId: 'reply-session',
      ContentType: 'application/json',
    },
    user: { color: 'Red', quantity: 10, price: 2.5, urgent: true, code: '10' },
  };
}

type Case = [filter: CorrelationFilterDefinition, selects: boolean];

const cases: readonly Case[] = [
  [{ CorrelationId: 'high' }, true],
  [{ CorrelationId: 'HIGH' }, false],
  [{ CorrelationId: 'low' }, false],
  [{ MessageId: 'order-1' }, true],
  [{ To: 'shop' }, true],
  [{ ReplyTo: 'johndoe@contoso.com' }, true],
  [{ Label: 'Important' }, true],
  [{ Label: 'important' }, false],
  [{ SessionId: 'session-1' }, true],
  [{ ReplyToSessionId: 'reply-session' }, true],
  [{ ContentType: 'application/json' }, true],
  [{ ContentType: '' }, false],
  [{ Properties: { color: 'Red' } }, true],
  [{ Properties: { color: 'red' } }, false],
  [{ Properties: { COLOR: 'Red' } }, true],
  [{ Properties: { quantity: 10 } }, true],
  [{ Properties: { quantity: 10.0 } }, true],
  [{ Properties: { quantity: '10' } }, false],
  [{ Properties: { code: 10 } }, false],
  [{ Properties: { price: 2.5 } }, true],
  [{ Properties: { urgent: true } }, true],
  [{ Properties: { urgent: 'true' } }, false],
  [{ Properties: { missing: 'x' } }, false],
  [{ CorrelationId: 'high', Label: 'Important', Properties: { color: 'Red', quantity: 10 } }, true],
  [{ CorrelationId: 'high', Label: 'Important', Properties: { color: 'Red', quantity: 11 } }, false],
  [{ CorrelationId: 'high', To: 'elsewhere' }, false],
  [{ CorrelationId: undefined, To: 'shop' }, true],
];

describe('Correlation filters', () => {
  for (const [filter, selects] of cases) {
    it(`${selects ? 'selects' : 'rejects'} the message when the filter is ${JSON.stringify(filter)}`, () => {
      assert.equal(compileCorrelationFilter(filter)(message()), selects);
    });
  }

  it('rejects a message without the property when the filter names a system property', () => {
    assert.equal(compileCorrelationFilter({ SessionId: 'session-1' })({ system: {}, user: {} }), false);
  });

  it('selects what the equivalent SQL filter selects when system and application properties are combined', () => {
    const correlation = compileCorrelationFilter({
      Label: 'Important',
      ReplyTo: 'johndoe@contoso.com',
      Properties: { color: 'Red' },
    });
    const sql = compileSqlFilter(
      "sys.ReplyTo = 'johndoe@contoso.com' AND sys.Label = 'Important' AND color = 'Red'",
    );
    const variants: FilterableMessage[] = [
      message(),
      { ...message(), user: { color: 'Blue' } },
      { ...message(), system: { ReplyTo: 'johndoe@contoso.com', Label: 'Important' } },
      { system: {}, user: {} },
    ];
    for (const variant of variants) assert.equal(correlation(variant), sql(variant));
  });
});

describe('Correlation filter definition errors', () => {
  const refused: [name: string, filter: unknown][] = [
    ['it is empty', {}],
    ['every field is undefined', { CorrelationId: undefined, Properties: undefined }],
    ['it has only an empty Properties map', { Properties: {} }],
    ['a system field is not a string', { CorrelationId: 42 }],
    ['an application property is an object', { Properties: { color: { name: 'red' } } }],
  ];
  for (const [name, filter] of refused) {
    it(`refuses the filter when ${name}`, () => {
      assert.throws(
        () => compileCorrelationFilter(filter as CorrelationFilterDefinition),
        CorrelationFilterError,
      );
    });
  }
});
