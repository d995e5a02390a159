import type { InvocationContext } from '@azure/functions';
import type { DeliveredEvent } from '../../shared/composition/order-application.js';
import { traceContextOf } from '../../shared/http/request-trace-context.js';

/**
 * An Event Grid delivery (CloudEvents 1.0) with the trace it carries in its distributed-tracing attributes, and its
 * id for the logs.
 */
export function deliveredEventOf(event: unknown, context: InvocationContext): DeliveredEvent {
  const attributes = typeof event === 'object' && event !== null ? (event as Record<string, unknown>) : {};
  return {
    event,
    trace: traceContextOf(
      { traceparent: attributes['traceparent'], tracestate: attributes['tracestate'] },
      context,
    ),
    id: typeof attributes['id'] === 'string' ? attributes['id'] : undefined,
  };
}
