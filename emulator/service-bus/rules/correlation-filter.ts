import type { FilterableMessage } from './filterable-message.js';
import { lookUpProperty } from './message-properties.js';
import { compareValues } from './sql-operators.js';
import { toSqlValue } from './sql-value.js';

/** The system properties a correlation filter can match, by their SQL names. */
const SYSTEM_FIELDS = [
  'CorrelationId',
  'MessageId',
  'To',
  'ReplyTo',
  'Label',
  'SessionId',
  'ReplyToSessionId',
  'ContentType',
] as const;

type SystemField = (typeof SYSTEM_FIELDS)[number];

export type CorrelationFilterDefinition = { [field in SystemField]?: string } & {
  /** Application properties to match, each by value and type. */
  Properties?: Record<string, string | number | boolean>;
};

/** A correlation filter Azure would refuse: no condition at all, or a value of the wrong type. */
export class CorrelationFilterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CorrelationFilterError';
  }
}

/**
 * Compiles a correlation filter: every condition given must hold (a logical AND). System properties
 * compare as case-sensitive strings; application properties as `name = value` does in a SQL filter, so
 * `1` matches `1.0` but never the string `'1'`, and names match case-insensitively.
 */
export function compileCorrelationFilter(
  filter: CorrelationFilterDefinition,
): (message: FilterableMessage) => boolean {
  const conditions: ((message: FilterableMessage) => boolean)[] = [];

  for (const field of SYSTEM_FIELDS) {
    const expected: unknown = filter[field];
    if (expected === undefined || expected === null) continue;
    if (typeof expected !== 'string')
      throw new CorrelationFilterError(`Correlation filter ${field} must be a string`);
    const address = { scope: 'sys', name: field } as const;
    conditions.push((message) => lookUpProperty(message, address).value === expected);
  }

  for (const [name, expected] of Object.entries(filter.Properties ?? {})) {
    const expectedValue = toSqlValue(expected);
    if (!['string', 'int', 'double', 'boolean'].includes(expectedValue.type)) {
      throw new CorrelationFilterError(
        `Correlation filter property '${name}' must be a string, number or boolean`,
      );
    }
    const address = { scope: 'user', name } as const;
    conditions.push(
      (message) =>
        compareValues('=', toSqlValue(lookUpProperty(message, address).value), expectedValue) === true,
    );
  }

  if (conditions.length === 0) {
    throw new CorrelationFilterError(
      'A correlation filter needs at least one system or application property to match',
    );
  }
  return (message) => conditions.every((condition) => condition(message));
}
