import type { FilterableMessage } from '../../../../emulator/service-bus/rules/filterable-message.js';
import {
  compileSqlFilter,
  type SqlFilterOptions,
} from '../../../../emulator/service-bus/rules/sql-filter.js';

export type Truth = 'true' | 'false' | 'unknown';

/**
 * The three-valued outcome of a condition, seen from outside: a filter only says whether it selects,
 * so a condition is false when its negation selects, and unknown when neither it nor its negation does.
 */
export function truthOf(
  expression: string,
  message: FilterableMessage,
  options: SqlFilterOptions = {},
): Truth {
  if (compileSqlFilter(expression, options)(message)) return 'true';
  if (compileSqlFilter(`NOT (${expression})`, options)(message)) return 'false';
  return 'unknown';
}

/** A message with the properties most filter tests look at. */
export function sampleMessage(): FilterableMessage {
  return {
    system: {
      MessageId: 'order-1',
      CorrelationId: 'corr-1',
      To: 'shop',
      Label: 'bus stop',
      ContentType: 'application/json',
      SequenceNumber: 42,
      EnqueuedTimeUtc: new Date('2024-05-01T10:00:00Z'),
      DeliveryCount: 0,
      TimeToLive: 60_000,
    },
    user: {
      color: 'red',
      quantity: 10,
      price: 2.5,
      urgent: true,
      note: null,
      percentage: '50%',
      code: 'a_b',
      pattern: 'r%',
      quote: "it's",
      multiline: 'first\nsecond',
      in: 'keyword-named',
      'Property With Space': 'yes',
      'HR-EmployeeID': 7,
      'Contoso & Northwind': 'quoted',
      'a]b': 'bracket',
      größe: 3,
      enqueuedBefore: new Date('2024-01-01T00:00:00Z'),
    },
  };
}
