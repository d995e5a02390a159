/**
 * W3C Trace Context as plain data. Use cases take it from the request or message that started them and pass it on
 * to every event and command they cause, so one order can be followed across each hop; the adapters map it to
 * CloudEvents extension attributes and Service Bus application properties.
 */
export interface TraceContext {
  readonly traceparent: string;
  readonly tracestate?: string;
}
