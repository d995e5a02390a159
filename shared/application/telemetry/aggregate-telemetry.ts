import { describeIssues, parseContract } from '../contracts/parse-contract.js';
import { telemetryRecordSchema, type TelemetryRecord } from '../contracts/telemetry-records.js';
import type { MetricsStore, MinuteBucket, SetAsideRecord, Aggregate } from '../ports/metrics-store.js';
import { retryOnConflict } from '../retry-on-conflict.js';
import { observe } from './aggregate.js';
import { decodeTelemetryBody } from './decode-telemetry-body.js';
import { metricObservations, minuteOf } from './metric-observations.js';

export interface TelemetryEvent {
  /** The event's per-partition sequence number, increasing in the order Event Hubs stored the events. */
  readonly sequenceNumber: number;
  readonly body: unknown;
}

export interface AggregateTelemetryInput {
  /** One batch comes from one partition, as an Event Hubs trigger delivers it. */
  readonly partitionId: string;
  readonly events: readonly TelemetryEvent[];
}

export interface AggregateTelemetryResult {
  readonly applied: number;
  /** Events at or below the partition's watermark: already counted by an earlier delivery. */
  readonly duplicates: number;
  readonly setAside: number;
}

type Reading =
  | { readonly event: TelemetryEvent; readonly ok: true; readonly record: TelemetryRecord }
  | { readonly event: TelemetryEvent; readonly ok: false; readonly reason: string };

const maxSetAsideBodyLength = 4_096;

/**
 * Folds a batch of telemetry events into per-minute metrics, exactly once despite at-least-once delivery: events at
 * or below the partition's watermark (the last sequence number applied) are skipped, and the new totals, the
 * records set aside and the new watermark commit in one atomic write, so a crash leaves either all or none of the
 * batch applied. A record that cannot be read is set aside with its reason; it does not fail the batch.
 */
export async function aggregateTelemetry(
  deps: { readonly metrics: MetricsStore },
  input: AggregateTelemetryInput,
): Promise<AggregateTelemetryResult> {
  const readings = [...input.events].sort((a, b) => a.sequenceNumber - b.sequenceNumber).map(read);
  const last = readings.at(-1);
  if (last === undefined) return { applied: 0, duplicates: 0, setAside: 0 };
  const minutes = [
    ...new Set(readings.flatMap((reading) => (reading.ok ? [minuteOf(reading.record.time)] : []))),
  ];

  return retryOnConflict(async () => {
    const stored = await deps.metrics.load({ partitionId: input.partitionId, minutes });
    const watermark = stored.watermark;
    const fresh = readings.filter(
      (reading) => watermark === undefined || reading.event.sequenceNumber > watermark,
    );
    if (fresh.length === 0) return { applied: 0, duplicates: readings.length, setAside: 0 };

    const buckets = new Map(stored.buckets.map((bucket) => [bucket.minute, { ...bucket.metrics }]));
    const touched = new Set<string>();
    const setAside: SetAsideRecord[] = [];
    for (const reading of fresh) {
      if (!reading.ok) {
        setAside.push(setAsideRecord(input.partitionId, reading.event, reading.reason));
        continue;
      }
      const minute = minuteOf(reading.record.time);
      const metrics: Record<string, Aggregate> = buckets.get(minute) ?? {};
      for (const { name, value } of metricObservations(reading.record)) {
        metrics[name] = observe(metrics[name], value);
      }
      buckets.set(minute, metrics);
      touched.add(minute);
    }
    await deps.metrics.commit({
      partitionId: input.partitionId,
      expectedWatermark: watermark,
      watermark: last.event.sequenceNumber,
      buckets: [...touched].map((minute): MinuteBucket => ({ minute, metrics: buckets.get(minute) ?? {} })),
      setAside,
    });
    return {
      applied: fresh.length - setAside.length,
      duplicates: readings.length - fresh.length,
      setAside: setAside.length,
    };
  });
}

function read(event: TelemetryEvent): Reading {
  const decoded = decodeTelemetryBody(event.body);
  if (!decoded.ok) return { event, ok: false, reason: decoded.reason };
  const parsed = parseContract(telemetryRecordSchema, decoded.value);
  if (!parsed.ok) return { event, ok: false, reason: describeIssues(parsed.issues) };
  return { event, ok: true, record: parsed.value };
}

function setAsideRecord(partitionId: string, event: TelemetryEvent, reason: string): SetAsideRecord {
  return {
    partitionId,
    sequenceNumber: event.sequenceNumber,
    reason: reason.slice(0, 1_000),
    body: textOf(event.body).slice(0, maxSetAsideBodyLength),
  };
}

function textOf(body: unknown): string {
  if (body instanceof Uint8Array) return new TextDecoder().decode(body);
  if (typeof body === 'string') return body;
  try {
    return JSON.stringify(body) ?? String(body);
  } catch {
    return String(body);
  }
}
