import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FilterableMessage } from '../../../../emulator/service-bus/rules/filterable-message.js';
import { compileSqlAction, SqlExpressionError } from '../../../../emulator/service-bus/rules/sql-action.js';

function order(): FilterableMessage {
  return {
    system: {
      MessageId: 'order-1',
      CorrelationId: 'high',
      Label: 'red',
      Subject: 'red',
      SequenceNumber: 7,
      EnqueuedTimeUtc: new Date('2024-05-01T10:00:00Z'),
      TimeToLive: 60_000,
    },
    user: { color: 'red', quantity: 5, priority: 'high', price: 2.5 },
  };
}

type ActionCase = [expression: string, expectedUser: Record<string, unknown>];

const userPropertyCases: readonly ActionCase[] = [
  ["SET status = 'routed'", { color: 'red', quantity: 5, priority: 'high', price: 2.5, status: 'routed' }],
  ['SET quantity = quantity / 2', { color: 'red', quantity: 2, priority: 'high', price: 2.5 }],
  ['SET quantity = quantity / 2.0', { color: 'red', quantity: 2.5, priority: 'high', price: 2.5 }],
  ['REMOVE priority', { color: 'red', quantity: 5, price: 2.5 }],
  ['REMOVE missing', { color: 'red', quantity: 5, priority: 'high', price: 2.5 }],
  ["SET COLOR = 'blue'", { color: 'blue', quantity: 5, priority: 'high', price: 2.5 }],
  ['remove PRIORITY', { color: 'red', quantity: 5, price: 2.5 }],
  ["set user.color = 'green'", { color: 'green', quantity: 5, priority: 'high', price: 2.5 }],
  ['SET copy = missing', { color: 'red', quantity: 5, priority: 'high', price: 2.5, copy: null }],
  ['SET [new prop] = 1', { color: 'red', quantity: 5, priority: 'high', price: 2.5, 'new prop': 1 }],
  ['SET total = quantity * price', { color: 'red', quantity: 5, priority: 'high', price: 2.5, total: 12.5 }],
  [
    "SET label = sys.Label + '-copy'",
    { color: 'red', quantity: 5, priority: 'high', price: 2.5, label: 'red-copy' },
  ],
  [
    'SET enqueued = sys.EnqueuedTimeUtc',
    { color: 'red', quantity: 5, priority: 'high', price: 2.5, enqueued: new Date('2024-05-01T10:00:00Z') },
  ],
  ['SET a = 1; SET b = a + 1', { color: 'red', quantity: 5, priority: 'high', price: 2.5, a: 1, b: 2 }],
  ['SET a = 1, SET b = 2', { color: 'red', quantity: 5, priority: 'high', price: 2.5, a: 1, b: 2 }],
  ['SET a = 1;, REMOVE a;', { color: 'red', quantity: 5, priority: 'high', price: 2.5 }],
  [
    "SET quantity = quantity / 2; REMOVE priority;SET color = 'pink';",
    { color: 'pink', quantity: 2, price: 2.5 },
  ],
];

describe('SQL rule action on application properties', () => {
  for (const [expression, expectedUser] of userPropertyCases) {
    it(`leaves ${JSON.stringify(expectedUser)} when the action is ${expression}`, () => {
      assert.deepEqual(compileSqlAction(expression)(order()).user, expectedUser);
    });
  }

  it('sets the value of a parameter when the action names one', () => {
    const action = compileSqlAction('SET route = @route', { parameters: { '@route': 'eu-west' } });
    assert.equal(action(order()).user.route, 'eu-west');
  });

  it('stores a property named __proto__ as data when the action sets it', () => {
    const changed = compileSqlAction('SET [__proto__] = sys.EnqueuedTimeUtc')(order());
    assert.equal(Object.getPrototypeOf(changed.user), Object.prototype);
    assert.deepEqual(
      Object.getOwnPropertyDescriptor(changed.user, '__proto__')?.value,
      new Date('2024-05-01T10:00:00Z'),
    );
  });

  it('gives each message a fresh id when the action sets newid()', () => {
    const action = compileSqlAction('SET trace = newid()');
    const first = action(order()).user.trace;
    const second = action(order()).user.trace;
    assert.match(String(first), /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.notEqual(first, second);
  });
});

describe('SQL rule action on system properties', () => {
  it('sets a string system property when the action assigns it', () => {
    const changed = compileSqlAction(
      "SET quantity = quantity / 2; REMOVE priority;SET sys.CorrelationId = 'low';",
    )(order());
    assert.equal(changed.system.CorrelationId, 'low');
    assert.deepEqual(changed.user, { color: 'red', quantity: 2, price: 2.5 });
  });

  it('keeps Label and Subject in step when either name is assigned', () => {
    assert.deepEqual(pick(compileSqlAction("SET sys.Subject = 'blue'")(order()).system, 'Label', 'Subject'), {
      Label: 'blue',
      Subject: 'blue',
    });
    const labelOnly = { system: { Label: 'red' }, user: {} };
    assert.deepEqual(compileSqlAction("SET sys.subject = 'blue'")(labelOnly).system, { Label: 'blue' });
  });

  it('adds a system property under its SQL name when the message did not carry it', () => {
    assert.equal(compileSqlAction("SET sys.SessionId = 'session-1'")(order()).system.SessionId, 'session-1');
  });

  it('sets the time to live in milliseconds when the action assigns a number', () => {
    assert.equal(
      compileSqlAction('SET sys.TimeToLive = sys.TimeToLive * 2')(order()).system.TimeToLive,
      120_000,
    );
  });

  it('sets the scheduled enqueue time when the action assigns a date', () => {
    const changed = compileSqlAction('SET sys.ScheduledEnqueueTimeUtc = sys.EnqueuedTimeUtc')(order());
    assert.deepEqual(changed.system.ScheduledEnqueueTimeUtc, new Date('2024-05-01T10:00:00Z'));
  });

  it('leaves a string system property unchanged when a computed value is not a string', () => {
    assert.equal(compileSqlAction('SET sys.MessageId = quantity')(order()).system.MessageId, 'order-1');
  });
});

describe('SQL rule action immutability', () => {
  it('returns a new message and leaves the given one untouched when statements change both scopes', () => {
    const original = order();
    const snapshot = order();
    const changed = compileSqlAction("SET quantity = 1; REMOVE color; SET sys.CorrelationId = 'low'")(
      original,
    );
    assert.deepEqual(original, snapshot);
    assert.notEqual(changed, original);
    assert.notEqual(changed.user, original.user);
    assert.notEqual(changed.system, original.system);
  });
});

type ErrorCase = [expression: string, position: number, problem: RegExp];

const actionErrors: readonly ErrorCase[] = [
  ['', 0, /action expression is empty/],
  ['SET', 3, /Expected a property name/],
  ['SET a', 5, /Expected '=' after the property/],
  ['SET a =', 7, /Unexpected end of expression/],
  ['SET a = 1 SET b = 2', 10, /Expected ';' or ','/],
  ['SET a = 1,', 10, /Expected SET or REMOVE/],
  ['SET a = 1;;', 10, /Expected SET or REMOVE/],
  ['DELETE a', 0, /Expected SET or REMOVE/],
  ['SET a = b = 1', 10, /Expected ';' or ','/],
  ['SET a = (b = 1)', 9, /Expected a value but found a condition/],
  ['SET 1 = 2', 4, /Expected a property name/],
  ['REMOVE', 6, /Expected a property name/],
  ['SET sys.Nope = 1', 8, /Unknown system property/],
  ['SET sys.SequenceNumber = 1', 4, /set by the broker/],
  ['SET sys.EnqueuedTimeUtc = sys.EnqueuedTimeUtc', 4, /set by the broker/],
  ['REMOVE sys.Label', 7, /cannot be removed/],
  ['SET sys.MessageId = 5', 4, /cannot be set to a int value/],
  ["SET sys.TimeToLive = 'long'", 4, /cannot be set to a string value/],
  ['SET a = @missing', 8, /No value was given for parameter @missing/],
];

describe('SQL rule action syntax errors', () => {
  for (const [expression, position, problem] of actionErrors) {
    it(`refuses at position ${position} when the action is ${JSON.stringify(expression)}`, () => {
      assert.throws(
        () => compileSqlAction(expression),
        (error: unknown) =>
          error instanceof SqlExpressionError && error.position === position && problem.test(error.message),
      );
    });
  }
});

function pick(record: Record<string, unknown>, ...keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((key) => [key, record[key]]));
}
