import { amqpTypes } from '../../amqp/rhea.js';
import { AmqpError, condition } from '../../amqp/conditions.js';
import type { CorrelationFilterInput, RuleInput } from '../entity-properties.js';

// Descriptor codes of the rule types on the wire (the SDK's `Constants.descriptorCodes`).
const ruleDescriptionCode = 0x13700000004;
const sqlFilterCode = 0x1370000006;
const correlationFilterCode = 0x1370000009;
const emptyRuleActionCode = 0x13700000005;
const sqlRuleActionCode = 0x13700000006;
// The SQL compatibility level Azure reports for every filter and action.
const compatibilityLevel = 20;

// The correlation filter's fields: wire name (add-rule map keys and enumerate-rules list order) and config name.
const correlationFields = [
  ['correlation-id', 'CorrelationId'],
  ['message-id', 'MessageId'],
  ['to', 'To'],
  ['reply-to', 'ReplyTo'],
  ['label', 'Label'],
  ['session-id', 'SessionId'],
  ['reply-to-session-id', 'ReplyToSessionId'],
  ['content-type', 'ContentType'],
] as const;

type Fields = Record<string, unknown>;

/** The rule an add-rule request describes: `rule-name` and a `rule-description` map of filter and action. */
export function ruleFromRequest(body: Fields): RuleInput {
  const name = body['rule-name'];
  if (typeof name !== 'string' || name === '') throw argument("'rule-name' must be a non-empty string.");
  const description = fields(body['rule-description'], 'rule-description');
  const sql = description['sql-filter'];
  const correlation = description['correlation-filter'];
  if ((sql === undefined || sql === null) === (correlation === undefined || correlation === null)) {
    throw argument("'rule-description' must hold exactly one of 'sql-filter' and 'correlation-filter'.");
  }
  const action = description['sql-rule-action'];
  const actionProperty =
    action === undefined || action === null
      ? {}
      : { Action: { SqlExpression: expression(action, 'sql-rule-action') } };
  if (sql !== undefined && sql !== null) {
    return {
      Name: name,
      Properties: {
        FilterType: 'Sql',
        SqlFilter: { SqlExpression: expression(sql, 'sql-filter') },
        ...actionProperty,
      },
    };
  }
  return {
    Name: name,
    Properties: {
      FilterType: 'Correlation',
      CorrelationFilter: correlationFilterFrom(fields(correlation, 'correlation-filter')),
      ...actionProperty,
    },
  };
}

/**
 * A rule as enumerate-rules returns it: `{ rule-description: described list [filter, action, name] }`. Azure adds
 * the rule's creation time, which the emulator does not keep and the SDK does not read.
 */
export function encodeRuleDescription(rule: RuleInput): unknown {
  const { Properties: props } = rule;
  const filter =
    props.FilterType === 'Correlation'
      ? described(correlationFilterCode, [
          ...correlationFields.map(([, field]) => nullable(props.CorrelationFilter?.[field])),
          amqpTypes.wrap_map(props.CorrelationFilter?.Properties ?? {}),
        ])
      : described(sqlFilterCode, [
          amqpTypes.wrap_string(props.SqlFilter?.SqlExpression ?? '1=1'),
          amqpTypes.wrap_int(compatibilityLevel),
        ]);
  const action = props.Action?.SqlExpression
    ? described(sqlRuleActionCode, [
        amqpTypes.wrap_string(props.Action.SqlExpression),
        amqpTypes.wrap_int(compatibilityLevel),
      ])
    : described(emptyRuleActionCode, []);
  return amqpTypes.wrap_map({
    'rule-description': described(ruleDescriptionCode, [filter, action, amqpTypes.wrap_string(rule.Name)]),
  });
}

function correlationFilterFrom(filter: Fields): CorrelationFilterInput {
  const result: CorrelationFilterInput = {};
  for (const [wire, field] of correlationFields) {
    const value = filter[wire];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') throw argument(`Correlation filter '${wire}' must be a string.`);
    result[field] = value;
  }
  const properties = filter.properties;
  if (properties !== undefined && properties !== null) {
    const values: Record<string, string | number | boolean> = {};
    for (const [key, value] of Object.entries(fields(properties, 'properties'))) {
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
        throw argument(`Correlation filter property '${key}' must be a string, number or boolean.`);
      }
      values[key] = value;
    }
    result.Properties = values;
  }
  return result;
}

function described(code: number, items: unknown[]): unknown {
  return amqpTypes.described(amqpTypes.wrap_ulong(code), amqpTypes.wrap_list(items));
}

function nullable(value: string | undefined): unknown {
  return value === undefined ? amqpTypes.wrap(null) : amqpTypes.wrap_string(value);
}

function fields(value: unknown, name: string): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || Buffer.isBuffer(value)) {
    throw argument(`'${name}' must be a map.`);
  }
  return value as Fields;
}

function expression(value: unknown, name: string): string {
  const text = fields(value, name).expression;
  if (typeof text !== 'string') throw argument(`'${name}' must have a string 'expression'.`);
  return text;
}

function argument(description: string): AmqpError {
  return new AmqpError({ condition: condition.argumentError, description });
}
