import { telemetryTypes } from '../contracts/message-types.js';
import type { TelemetryRecord } from '../contracts/telemetry-records.js';

export interface Observation {
  readonly name: string;
  readonly value: number;
}

/**
 * The metrics one record contributes to. Each metric's aggregate counts its observations too, so a latency metric
 * is also the count of the transitions it measures.
 */
export function metricObservations(record: TelemetryRecord): Observation[] {
  switch (record.type) {
    case telemetryTypes.requestCompleted:
      return [
        { name: 'http.request.duration_ms', value: record.durationMs },
        { name: `http.response.${Math.floor(record.status / 100)}xx`, value: 1 },
      ];
    case telemetryTypes.orderTransitioned:
      return record.to === 'pending'
        ? [{ name: `orders.placed.total_minor.${record.currency}`, value: record.totalMinor }]
        : [{ name: `orders.${record.to}.since_placed_ms`, value: record.sincePlacedMs }];
    case telemetryTypes.outboxDispatchFailed:
      return [{ name: 'outbox.dispatch_failed', value: 1 }];
    case telemetryTypes.stockCommandHandled:
      return [
        { name: 'stock.command.duration_ms', value: record.durationMs },
        { name: `stock.${record.command}.${record.parked ? 'parked' : record.outcome}`, value: 1 },
      ];
  }
}

/** The minute a timestamp falls in, as `2025-01-31T09:05Z`: a sortable bucket key. */
export function minuteOf(timestamp: string): string {
  return `${new Date(Date.parse(timestamp)).toISOString().slice(0, 16)}Z`;
}
