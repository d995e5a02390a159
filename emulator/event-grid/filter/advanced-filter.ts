import type { AdvancedFilter, AdvancedFilterOperator } from '../definitions.js';
import type { KeyLookup } from './filter-key.js';

/**
 * When the key is absent (or null), only these negations match; every other operator, including the other
 * negations, does not. That is Azure's documented rule, surprising as it is.
 */
const matchWhenKeyMissing = new Set<AdvancedFilterOperator>([
  'NumberNotIn',
  'NumberNotInRange',
  'StringNotIn',
]);

/** With array filtering on, a negation must hold for every element; any other operator for one element. */
const negations = new Set<AdvancedFilterOperator>([
  'NumberNotIn',
  'NumberNotInRange',
  'StringNotContains',
  'StringNotBeginsWith',
  'StringNotEndsWith',
  'StringNotIn',
]);

/** One advanced filter against the value its key found. Values inside one filter are ORed (negations: ANDed). */
export function matchesAdvancedFilter(
  filter: AdvancedFilter,
  lookup: KeyLookup,
  arraysEnabled: boolean,
): boolean {
  const present = lookup.found && lookup.value !== null;
  if (filter.operatorType === 'IsNullOrUndefined') return !present;
  if (filter.operatorType === 'IsNotNull') return present;
  if (!lookup.found || lookup.value === null) return matchWhenKeyMissing.has(filter.operatorType);
  const value = lookup.value;
  if (Array.isArray(value)) {
    // Without enableAdvancedFilteringOnArrays an array value never matches, as Azure documents.
    if (!arraysEnabled) return false;
    return negations.has(filter.operatorType)
      ? value.every((element) => matchesValue(filter, element))
      : value.some((element) => matchesValue(filter, element));
  }
  return matchesValue(filter, value);
}

function matchesValue(filter: AdvancedFilter, value: unknown): boolean {
  switch (filter.operatorType) {
    case 'NumberGreaterThan':
      return typeof value === 'number' && value > filter.value;
    case 'NumberGreaterThanOrEquals':
      return typeof value === 'number' && value >= filter.value;
    case 'NumberLessThan':
      return typeof value === 'number' && value < filter.value;
    case 'NumberLessThanOrEquals':
      return typeof value === 'number' && value <= filter.value;
    case 'NumberIn':
      return typeof value === 'number' && filter.values.includes(value);
    case 'NumberNotIn':
      return typeof value === 'number' && !filter.values.includes(value);
    case 'NumberInRange':
      return typeof value === 'number' && filter.values.some(([low, high]) => low <= value && value <= high);
    case 'NumberNotInRange':
      return typeof value === 'number' && !filter.values.some(([low, high]) => low <= value && value <= high);
    case 'BoolEquals':
      return value === filter.value;
    case 'IsNullOrUndefined':
    case 'IsNotNull':
      return false;
    default:
      return matchesString(filter.operatorType, filter.values, value);
  }
}

type StringOperator = Extract<AdvancedFilter, { values: string[] }>['operatorType'];

/** String operators compare case-insensitively; numbers and booleans are compared as their JSON text. */
function matchesString(operator: StringOperator, values: string[], value: unknown): boolean {
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return false;
  const text = String(value).toLowerCase();
  const wanted = values.map((v) => v.toLowerCase());
  switch (operator) {
    case 'StringContains':
      return wanted.some((v) => text.includes(v));
    case 'StringNotContains':
      return !wanted.some((v) => text.includes(v));
    case 'StringBeginsWith':
      return wanted.some((v) => text.startsWith(v));
    case 'StringNotBeginsWith':
      return !wanted.some((v) => text.startsWith(v));
    case 'StringEndsWith':
      return wanted.some((v) => text.endsWith(v));
    case 'StringNotEndsWith':
      return !wanted.some((v) => text.endsWith(v));
    case 'StringIn':
      return wanted.includes(text);
    case 'StringNotIn':
      return !wanted.includes(text);
  }
}
