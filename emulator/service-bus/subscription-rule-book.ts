import { BrokerError } from './broker-error.js';
import type { RuleInput } from './entity-properties.js';
import { InvalidEntityError } from './entity-settings.js';
import type { SubscriptionEntry } from './service-bus-namespace.js';
import { compileRule } from './subscription-rules.js';

/** Azure's limit of rules per subscription. */
const maxRulesPerSubscription = 2000;

/**
 * Changes a subscription's rules at run time (the SDK's rule manager: add, remove, list). A change applies to the
 * messages sent after it; copies already in the subscription stay. Rule names are unique per subscription,
 * case-insensitively, as in Azure.
 */
export const subscriptionRuleBook = {
  add(subscription: SubscriptionEntry, path: string, rule: RuleInput): void {
    if (indexOf(subscription, rule.Name) >= 0) {
      throw new BrokerError(
        'entity-already-exists',
        `The messaging entity '${path}/Rules/${rule.Name}' already exists.`,
      );
    }
    if (subscription.rules.length >= maxRulesPerSubscription) {
      throw new BrokerError(
        'quota-exceeded',
        `The subscription '${path}' already has ${maxRulesPerSubscription} rules, the most it can have.`,
      );
    }
    subscription.rules.push(compiled(path, rule));
  },

  remove(subscription: SubscriptionEntry, path: string, name: string): void {
    const index = indexOf(subscription, name);
    if (index < 0) {
      throw new BrokerError(
        'entity-not-found',
        `The messaging entity '${path}/Rules/${name}' could not be found.`,
      );
    }
    subscription.rules.splice(index, 1);
  },

  /** Puts back rules saved from an earlier run, in their order. */
  replace(subscription: SubscriptionEntry, path: string, rules: readonly RuleInput[]): void {
    subscription.rules = rules.map((rule) => compiled(path, rule));
  },

  declarations(subscription: SubscriptionEntry): RuleInput[] {
    return subscription.rules.map((rule) => rule.declaration);
  },
};

function indexOf(subscription: SubscriptionEntry, name: string): number {
  const wanted = name.toLowerCase();
  return subscription.rules.findIndex((rule) => rule.name.toLowerCase() === wanted);
}

function compiled(path: string, rule: RuleInput) {
  if (!/^[^/\\?#]{1,50}$/.test(rule.Name)) {
    throw new BrokerError(
      'invalid-argument',
      `'${rule.Name}' is not a valid rule name: 1 to 50 characters, none of / \\ ? #.`,
    );
  }
  try {
    return compileRule(path, rule);
  } catch (error) {
    if (error instanceof InvalidEntityError) throw new BrokerError('invalid-argument', error.message);
    throw error;
  }
}
