import type { Aggregate } from '../ports/metrics-store.js';

/** Adds one observation. `count`, `sum`, `min` and `max` all merge exactly, so no sample needs keeping. */
export function observe(aggregate: Aggregate | undefined, value: number): Aggregate {
  if (aggregate === undefined) return { count: 1, sum: value, min: value, max: value };
  return {
    count: aggregate.count + 1,
    sum: aggregate.sum + value,
    min: Math.min(aggregate.min, value),
    max: Math.max(aggregate.max, value),
  };
}

export function mergeAggregates(a: Aggregate, b: Aggregate): Aggregate {
  return {
    count: a.count + b.count,
    sum: a.sum + b.sum,
    min: Math.min(a.min, b.min),
    max: Math.max(a.max, b.max),
  };
}
