/** The closed set of failures of the Event Hubs core; the AMQP edge maps each to the condition the SDK expects. */
export type EventHubErrorCode =
  | 'hub-not-found'
  | 'consumer-group-not-found'
  | 'partition-not-found'
  | 'invalid-position'
  | 'publication-too-large'
  | 'owner-level-too-low'
  | 'reader-superseded'
  | 'reader-quota-exceeded'
  | 'invalid-argument'
  | 'not-supported';

export class EventHubError extends Error {
  readonly code: EventHubErrorCode;

  constructor(code: EventHubErrorCode, message: string) {
    super(message);
    this.name = 'EventHubError';
    this.code = code;
  }
}
