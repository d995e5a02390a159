import { z } from 'zod';
import { DomainError } from '../../domain/domain-error.js';
import { timestampSchema } from '../contracts/contract-fields.js';
import { parseOrThrow } from '../contracts/parse-contract.js';
import type { Clock } from '../ports/clock.js';
import type { Aggregate, MetricsStore, MinuteBucket } from '../ports/metrics-store.js';
import { mergeAggregates } from './aggregate.js';
import { minuteOf } from './metric-observations.js';

export interface GetMinuteMetricsInput {
  /** Default: an hour before `to`. */
  readonly from?: string | undefined;
  /** Default: now. */
  readonly to?: string | undefined;
}

const rangeSchema = z.object({ from: timestampSchema.optional(), to: timestampSchema.optional() });

const maxRangeMs = 24 * 60 * 60 * 1000;
const defaultRangeMs = 60 * 60 * 1000;

/** Per-minute metrics over a range of at most a day, every partition's share merged, oldest minute first. */
export async function getMinuteMetrics(
  deps: { readonly metrics: MetricsStore; readonly clock: Clock },
  input: GetMinuteMetricsInput,
): Promise<MinuteBucket[]> {
  const range = parseOrThrow(rangeSchema, input, 'The metrics range');
  const to = range.to === undefined ? deps.clock.now() : Date.parse(range.to);
  const from = range.from === undefined ? to - defaultRangeMs : Date.parse(range.from);
  if (from > to || to - from > maxRangeMs) {
    throw new DomainError('validation_failed', 'The metrics range is not valid.', {
      issues: [{ pointer: '/from', message: '`from` is before `to`, and the range spans at most a day.' }],
    });
  }
  const buckets = await deps.metrics.listBuckets({
    fromMinute: minuteOf(new Date(from).toISOString()),
    toMinute: minuteOf(new Date(to).toISOString()),
  });
  const merged = new Map<string, Record<string, Aggregate>>();
  for (const bucket of buckets) {
    const metrics = merged.get(bucket.minute) ?? {};
    for (const [name, aggregate] of Object.entries(bucket.metrics)) {
      const existing = metrics[name];
      metrics[name] = existing === undefined ? aggregate : mergeAggregates(existing, aggregate);
    }
    merged.set(bucket.minute, metrics);
  }
  return [...merged]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([minute, metrics]) => ({ minute, metrics }));
}
