import type { TelemetryRecord } from '../contracts/telemetry-records.js';

/**
 * Streams telemetry (Event Hubs, buffered and batched by the adapter). Fire and forget: `emit` neither blocks nor
 * throws, because losing a metric must never fail an order.
 */
export interface TelemetrySink {
  emit(record: TelemetryRecord): void;
}
