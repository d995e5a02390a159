/** The closed set of failures of the Service Bus core; the AMQP edge maps each to the condition the SDK expects. */
export type BrokerErrorCode =
  | 'entity-not-found'
  | 'entity-already-exists'
  | 'quota-exceeded'
  | 'lock-lost'
  | 'session-lock-lost'
  | 'session-cannot-be-locked'
  | 'message-not-found'
  | 'session-required'
  | 'session-not-allowed'
  | 'message-too-large'
  | 'invalid-argument'
  | 'not-supported';

export class BrokerError extends Error {
  readonly code: BrokerErrorCode;

  constructor(code: BrokerErrorCode, message: string) {
    super(message);
    this.name = 'BrokerError';
    this.code = code;
  }
}
