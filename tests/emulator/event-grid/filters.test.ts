import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AdvancedFilter, FilterDefinition } from '../../../emulator/event-grid/definitions.js';
import type { AcceptedEvent } from '../../../emulator/event-grid/events.js';
import { createEventFilter } from '../../../emulator/event-grid/filter/subscription-filter.js';
import { startEventGridHarness, topicKey, type EventGridHarness } from './support/harness.js';
import { keyClient } from './support/sdk.js';

const noFilter: FilterDefinition = {
  subjectBeginsWith: '',
  subjectEndsWith: '',
  isSubjectCaseSensitive: false,
  enableAdvancedFilteringOnArrays: false,
  advancedFilters: [],
};

const event: AcceptedEvent = {
  schema: 'EventGridSchema',
  id: 'e-1',
  publishTime: 0,
  body: {
    id: 'e-1',
    topic: '/subscriptions/x/topics/orders',
    subject: '/orders/EU/42',
    eventType: 'Orders.OrderPlaced',
    eventTime: '2026-01-01T00:00:00Z',
    metadataVersion: '1',
    dataVersion: '1.0',
    data: {
      total: 120.5,
      express: true,
      country: 'NL',
      note: null,
      tags: ['gift', 'fragile'],
      customer: { tier: 'Gold' },
    },
  },
};

const matches = (filter: Partial<FilterDefinition>, subject = event): boolean =>
  createEventFilter({ ...noFilter, ...filter })(subject);
const matchesAdvanced = (advanced: AdvancedFilter, arrays = false): boolean =>
  matches({ advancedFilters: [advanced], enableAdvancedFilteringOnArrays: arrays });

describe('Event Grid subscription filters', () => {
  it('passes every event when the filter is empty', () => {
    assert.equal(matches({}), true);
  });

  it('matches included event types case-insensitively', () => {
    assert.equal(matches({ includedEventTypes: ['orders.orderplaced'] }), true);
    assert.equal(matches({ includedEventTypes: ['Orders.OrderShipped'] }), false);
  });

  it('matches subject prefix and suffix case-insensitively unless told otherwise', () => {
    assert.equal(matches({ subjectBeginsWith: '/ORDERS/eu', subjectEndsWith: '/42' }), true);
    assert.equal(matches({ subjectBeginsWith: '/ORDERS/eu', isSubjectCaseSensitive: true }), false);
    assert.equal(matches({ subjectEndsWith: '/43' }), false);
  });

  it('matches the CloudEvents type and subject for CloudEvents input', () => {
    const cloudEvent: AcceptedEvent = {
      schema: 'CloudEventSchemaV1_0',
      id: 'c-1',
      publishTime: 0,
      body: {
        specversion: '1.0',
        id: 'c-1',
        source: '/orders',
        type: 'Orders.OrderPlaced',
        subject: 'orders/1',
        tenant: 'contoso',
      },
    };
    assert.equal(
      matches({ includedEventTypes: ['Orders.OrderPlaced'], subjectBeginsWith: 'orders/' }, cloudEvent),
      true,
    );
    assert.equal(
      matches(
        { advancedFilters: [{ operatorType: 'StringIn', key: 'tenant', values: ['Contoso'] }] },
        cloudEvent,
      ),
      true,
    );
  });

  const table: [string, AdvancedFilter, boolean][] = [
    [
      'NumberGreaterThan below the value',
      { operatorType: 'NumberGreaterThan', key: 'data.total', value: 100 },
      true,
    ],
    [
      'NumberGreaterThan at the value',
      { operatorType: 'NumberGreaterThan', key: 'data.total', value: 120.5 },
      false,
    ],
    [
      'NumberGreaterThanOrEquals at the value',
      { operatorType: 'NumberGreaterThanOrEquals', key: 'data.total', value: 120.5 },
      true,
    ],
    [
      'NumberLessThan above the value',
      { operatorType: 'NumberLessThan', key: 'data.total', value: 200 },
      true,
    ],
    [
      'NumberLessThanOrEquals below the value',
      { operatorType: 'NumberLessThanOrEquals', key: 'data.total', value: 100 },
      false,
    ],
    ['NumberIn a listed value', { operatorType: 'NumberIn', key: 'data.total', values: [1, 120.5] }, true],
    [
      'NumberNotIn a listed value',
      { operatorType: 'NumberNotIn', key: 'data.total', values: [120.5] },
      false,
    ],
    [
      'NumberInRange inside a range',
      {
        operatorType: 'NumberInRange',
        key: 'data.total',
        values: [
          [0, 10],
          [100, 200],
        ],
      },
      true,
    ],
    [
      'NumberNotInRange inside a range',
      { operatorType: 'NumberNotInRange', key: 'data.total', values: [[100, 200]] },
      false,
    ],
    [
      'NumberGreaterThan on a string',
      { operatorType: 'NumberGreaterThan', key: 'data.country', value: 0 },
      false,
    ],
    ['BoolEquals true', { operatorType: 'BoolEquals', key: 'data.express', value: true }, true],
    ['BoolEquals false', { operatorType: 'BoolEquals', key: 'data.express', value: false }, false],
    [
      'StringContains, any value, any case',
      { operatorType: 'StringContains', key: 'subject', values: ['xx', 'eu/4'] },
      true,
    ],
    [
      'StringNotContains a contained value',
      { operatorType: 'StringNotContains', key: 'subject', values: ['EU'] },
      false,
    ],
    ['StringBeginsWith', { operatorType: 'StringBeginsWith', key: 'eventType', values: ['orders.'] }, true],
    [
      'StringNotBeginsWith',
      { operatorType: 'StringNotBeginsWith', key: 'eventType', values: ['Billing.'] },
      true,
    ],
    ['StringEndsWith', { operatorType: 'StringEndsWith', key: 'eventtype', values: ['Placed'] }, true],
    ['StringNotEndsWith', { operatorType: 'StringNotEndsWith', key: 'EventType', values: ['placed'] }, false],
    ['StringIn', { operatorType: 'StringIn', key: 'data.country', values: ['nl', 'be'] }, true],
    ['StringNotIn', { operatorType: 'StringNotIn', key: 'data.country', values: ['NL'] }, false],
    [
      'StringIn on a nested key in another case',
      { operatorType: 'StringIn', key: 'Data.Customer.Tier', values: ['gold'] },
      true,
    ],
    [
      'StringIn on a number, as text',
      { operatorType: 'StringIn', key: 'data.total', values: ['120.5'] },
      true,
    ],
    ['IsNotNull on a value', { operatorType: 'IsNotNull', key: 'data.country' }, true],
    ['IsNotNull on null', { operatorType: 'IsNotNull', key: 'data.note' }, false],
    ['IsNullOrUndefined on null', { operatorType: 'IsNullOrUndefined', key: 'data.note' }, true],
    ['IsNullOrUndefined on a missing key', { operatorType: 'IsNullOrUndefined', key: 'data.missing' }, true],
    ['StringIn on a missing key', { operatorType: 'StringIn', key: 'data.missing', values: ['a'] }, false],
    [
      'StringNotIn on a missing key',
      { operatorType: 'StringNotIn', key: 'data.missing', values: ['a'] },
      true,
    ],
    ['NumberNotIn on a missing key', { operatorType: 'NumberNotIn', key: 'data.missing', values: [1] }, true],
    [
      'NumberNotInRange on a missing key',
      { operatorType: 'NumberNotInRange', key: 'data.missing', values: [[1, 2]] },
      true,
    ],
    [
      'StringNotContains on a missing key',
      { operatorType: 'StringNotContains', key: 'data.missing', values: ['a'] },
      false,
    ],
    ['BoolEquals on a missing key', { operatorType: 'BoolEquals', key: 'data.missing', value: false }, false],
    [
      'StringIn on an array without array filtering',
      { operatorType: 'StringIn', key: 'data.tags', values: ['gift'] },
      false,
    ],
  ];
  for (const [name, advanced, expected] of table) {
    it(`${expected ? 'matches' : 'does not match'} when ${name}`, () => {
      assert.equal(matchesAdvanced(advanced), expected);
    });
  }

  it('matches an array when any element passes a positive operator, with array filtering on', () => {
    assert.equal(
      matchesAdvanced({ operatorType: 'StringIn', key: 'data.tags', values: ['fragile'] }, true),
      true,
    );
  });

  it('matches an array only when every element passes a negation, with array filtering on', () => {
    assert.equal(
      matchesAdvanced({ operatorType: 'StringNotIn', key: 'data.tags', values: ['gift'] }, true),
      false,
    );
    assert.equal(
      matchesAdvanced({ operatorType: 'StringNotIn', key: 'data.tags', values: ['toys'] }, true),
      true,
    );
  });

  it('ANDs advanced filters together', () => {
    const total: AdvancedFilter = { operatorType: 'NumberGreaterThan', key: 'data.total', value: 100 };
    assert.equal(
      matches({ advancedFilters: [total, { operatorType: 'BoolEquals', key: 'data.express', value: true }] }),
      true,
    );
    assert.equal(
      matches({
        advancedFilters: [total, { operatorType: 'BoolEquals', key: 'data.express', value: false }],
      }),
      false,
    );
  });
});

describe('Event Grid filtering end to end', () => {
  let h: EventGridHarness;
  before(async () => {
    h = await startEventGridHarness();
  });
  after(() => h.close());

  it('delivers only the published events that pass the subscription filter', async () => {
    const topic = await h.createTopic();
    const receiver = await h.startReceiver();
    await h.subscribe(topic, receiver, {
      filter: {
        includedEventTypes: ['Orders.OrderPlaced'],
        subjectBeginsWith: 'orders/eu/',
        advancedFilters: [
          { operatorType: 'NumberGreaterThan', key: 'data.total', value: 100 },
          { operatorType: 'IsNotNull', key: 'data.customer' },
        ],
      },
    });
    const placed = (
      id: string,
      subject: string,
      data: Record<string, unknown>,
      eventType = 'Orders.OrderPlaced',
    ) => ({
      id,
      eventType,
      subject,
      dataVersion: '1',
      data,
    });

    await keyClient(h.eventGrid, topic, 'EventGrid', topicKey).send([
      placed('wrong-type', 'orders/eu/1', { total: 500, customer: 'c' }, 'Orders.OrderShipped'),
      placed('wrong-subject', 'orders/us/1', { total: 500, customer: 'c' }),
      placed('too-small', 'orders/eu/2', { total: 50, customer: 'c' }),
      placed('no-customer', 'orders/eu/3', { total: 500, customer: null }),
      placed('wanted', 'orders/eu/4', { total: 500, customer: 'c' }),
    ]);
    await keyClient(h.eventGrid, topic, 'EventGrid', topicKey).send([
      placed('also-wanted', 'orders/eu/5', { total: 101, customer: 'd' }),
    ]);

    const deliveries = await receiver.waitForNotifications(2);
    const ids = deliveries.flatMap((delivery) =>
      (JSON.parse(delivery.body) as { id: string }[]).map((e) => e.id),
    );
    assert.deepEqual(ids.sort(), ['also-wanted', 'wanted']);
  });
});
