import type { TraceContext } from '../../application/messaging/trace-context.js';

/**
 * W3C Trace Context as Service Bus application properties. Lower-case names on purpose: the Functions library
 * lower-cases the first letter of every metadata key, so `traceparent` reaches a Node trigger under its own name.
 */
export function traceProperties(trace: TraceContext | undefined): Record<string, string> {
  if (trace === undefined) return {};
  return {
    traceparent: trace.traceparent,
    ...(trace.tracestate === undefined ? {} : { tracestate: trace.tracestate }),
  };
}
