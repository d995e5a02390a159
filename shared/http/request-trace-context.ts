import type { TraceContext } from '../application/messaging/trace-context.js';
import { traceparentSchema, tracestateSchema } from '../application/contracts/contract-fields.js';

/** What the Functions host tells an invocation about its trace (`InvocationContext.traceContext`). */
export interface InvocationTrace {
  readonly traceContext?: {
    readonly traceParent?: string | undefined;
    readonly traceState?: string | undefined;
  };
}

/**
 * The trace an invocation belongs to: the caller's own `traceparent` (an HTTP header, a message property, a
 * CloudEvents attribute) when it sent a valid one, else the one the host started for the invocation. Invalid values
 * are dropped, never propagated.
 */
export function traceContextOf(
  sent: { readonly traceparent?: unknown; readonly tracestate?: unknown },
  context: InvocationTrace,
): TraceContext | undefined {
  const fromCaller = validTrace(sent.traceparent, sent.tracestate);
  return fromCaller ?? validTrace(context.traceContext?.traceParent, context.traceContext?.traceState);
}

function validTrace(traceparent: unknown, tracestate: unknown): TraceContext | undefined {
  if (!traceparentSchema.safeParse(traceparent).success) return undefined;
  const state = tracestateSchema.safeParse(tracestate);
  return {
    traceparent: traceparent as string,
    ...(state.success && state.data !== '' ? { tracestate: state.data } : {}),
  };
}
