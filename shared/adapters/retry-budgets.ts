/**
 * How long the app's senders keep trying. The outbox relay publishes inside the request that committed the change,
 * so an outage of Service Bus or Event Grid must cost that request seconds, not the minutes of the SDKs' defaults
 * (three tries of up to 60 s each); what is not published then stays in the outbox for the sweeper.
 */
export const retryBudgets = {
  /** `@azure/service-bus` and `@azure/event-hubs` (core-amqp). */
  amqp: { maxRetries: 2, retryDelayInMs: 200, maxRetryDelayInMs: 1_000, timeoutInMs: 5_000 },
  /** `@azure/eventgrid` (core-rest-pipeline); each send is also cut off after `sendTimeoutMs`. */
  http: { maxRetries: 2, retryDelayInMs: 200, maxRetryDelayInMs: 1_000 },
  sendTimeoutMs: 10_000,
} as const;
