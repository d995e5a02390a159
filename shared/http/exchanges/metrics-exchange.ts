import type { MinuteBucket } from '../../application/ports/metrics-store.js';
import type { GetMinuteMetricsInput } from '../../application/telemetry/get-minute-metrics.js';
import type { ApiRequest, ApiResponse } from '../api-request.js';
import { metricsResponse } from '../order-responses.js';

/** `GET /metrics?from=&to=`: per-minute aggregates of the telemetry stream. */
export async function metricsExchange(
  metrics: { getMinuteMetrics(input: GetMinuteMetricsInput): Promise<MinuteBucket[]> },
  request: ApiRequest,
): Promise<ApiResponse> {
  const minutes = await metrics.getMinuteMetrics({
    from: request.query.get('from') ?? undefined,
    to: request.query.get('to') ?? undefined,
  });
  return metricsResponse(minutes);
}
