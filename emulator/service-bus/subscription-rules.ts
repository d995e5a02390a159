import { readApplicationProperties, idToString, withApplicationProperties } from '../amqp/encoded-message.js';
import { compileCorrelationFilter } from './rules/correlation-filter.js';
import type { FilterableMessage } from './rules/filterable-message.js';
import { compileSqlAction } from './rules/sql-action.js';
import { compileSqlFilter } from './rules/sql-filter.js';
import type { RuleInput } from './entity-properties.js';
import { InvalidEntityError } from './entity-settings.js';
import type { StoredMessage } from './stored-message.js';

export interface SubscriptionRule {
  name: string;
  matches(message: FilterableMessage): boolean;
  action?: (message: FilterableMessage) => FilterableMessage;
  /** The rule as declared, for $management enumerate-rules and the admin API. */
  declaration: RuleInput;
}

/** The rule every subscription gets when it declares none: the true filter. */
export const defaultRule: RuleInput = {
  Name: '$Default',
  Properties: { FilterType: 'Sql', SqlFilter: { SqlExpression: '1=1' } },
};

/** Compiles a subscription's rules once, at creation, so a bad expression is refused up front. */
export function compileRules(path: string, rules: RuleInput[] | undefined): SubscriptionRule[] {
  const declared = rules && rules.length ? rules : [defaultRule];
  return declared.map((rule) => compileRule(path, rule));
}

export function compileRule(path: string, rule: RuleInput): SubscriptionRule {
  try {
    const props = rule.Properties;
    const matches =
      props.FilterType === 'Correlation'
        ? compileCorrelationFilter(props.CorrelationFilter ?? {})
        : compileSqlFilter(props.SqlFilter?.SqlExpression ?? '1=1');
    const action = props.Action?.SqlExpression ? compileSqlAction(props.Action.SqlExpression) : undefined;
    return { name: rule.Name, matches, ...(action ? { action } : {}), declaration: rule };
  } catch (error) {
    throw new InvalidEntityError(`Rule '${rule.Name}' of '${path}': ${(error as Error).message}`);
  }
}

/**
 * The copy of a topic message a subscription receives, or undefined when no rule matches. A matching rule with
 * an action changes the copy's application properties, never the original.
 */
export function routeToSubscription(
  rules: SubscriptionRule[],
  message: StoredMessage,
): StoredMessage | undefined {
  let view: FilterableMessage | undefined;
  for (const rule of rules) {
    view ??= filterable(message);
    if (!rule.matches(view)) continue;
    if (!rule.action) return { ...message };
    const changed = rule.action(view);
    // Azure stamps the name of the rule whose action changed the copy.
    return {
      ...message,
      encoded: withApplicationProperties(
        message.encoded,
        { ...changed.user, RuleName: rule.name },
        { replace: true },
      ),
    };
  }
  return undefined;
}

function filterable(message: StoredMessage): FilterableMessage {
  const p = message.encoded.properties;
  const system: Record<string, unknown> = {
    MessageId: idToString(p.messageId),
    CorrelationId: idToString(p.correlationId),
    To: p.to,
    ReplyTo: p.replyTo,
    Label: p.subject,
    Subject: p.subject,
    SessionId: p.groupId,
    ReplyToSessionId: p.replyToGroupId,
    ContentType: p.contentType,
    SequenceNumber: message.sequenceNumber,
    EnqueuedTimeUtc: new Date(message.enqueuedAt),
    DeliveryCount: message.deliveries,
    TimeToLive: message.ttlMs,
  };
  for (const name of Object.keys(system)) if (system[name] === undefined) delete system[name];
  return { system, user: readApplicationProperties(message.encoded) };
}
