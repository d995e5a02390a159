import { z } from 'zod';

const aggregateSchema = z.object({
  count: z.number().int().min(0),
  sum: z.number(),
  min: z.number(),
  max: z.number(),
});

/** The body of `GET /metrics`: per-minute aggregates, every partition's share merged, oldest minute first. */
export const minuteMetricsSchema = z
  .object({
    minutes: z.array(
      z.object({
        minute: z.string().describe('The minute, as 2025-01-31T09:05Z.'),
        metrics: z
          .record(z.string(), aggregateSchema)
          .describe('By metric name, such as http.request.duration_ms.'),
      }),
    ),
  })
  .meta({ title: 'MinuteMetrics' });
