/** AMQP error conditions the Azure SDKs map to their error codes (core-amqp `errors.ts`, service-bus `serviceBusError.ts`). */
export const condition = {
  notFound: 'amqp:not-found',
  unauthorized: 'amqp:unauthorized-access',
  notAllowed: 'amqp:not-allowed',
  notImplemented: 'amqp:not-implemented',
  invalidField: 'amqp:invalid-field',
  decodeError: 'amqp:decode-error',
  internalError: 'amqp:internal-error',
  resourceLimitExceeded: 'amqp:resource-limit-exceeded',
  messageSizeExceeded: 'amqp:link:message-size-exceeded',
  linkStolen: 'amqp:link:stolen',
  argumentError: 'com.microsoft:argument-error',
  argumentOutOfRange: 'com.microsoft:argument-out-of-range',
  messageLockLost: 'com.microsoft:message-lock-lost',
  sessionLockLost: 'com.microsoft:session-lock-lost',
  sessionCannotBeLocked: 'com.microsoft:session-cannot-be-locked',
  messageNotFound: 'com.microsoft:message-not-found',
  sessionNotFound: 'com.microsoft:session-not-found',
  timeout: 'com.microsoft:timeout',
  entityDisabled: 'com.microsoft:entity-disabled',
  entityAlreadyExists: 'com.microsoft:entity-already-exists',
  deadLetter: 'com.microsoft:dead-letter',
} as const;

export type Condition = (typeof condition)[keyof typeof condition];

/** An error that carries the AMQP condition to send to the peer; anything else is reported as internal. */
export class AmqpError extends Error {
  readonly condition: Condition;
  /** HTTP-like status for request/response replies ($management, $cbs). */
  readonly status: number;

  constructor(options: { condition: Condition; description: string; status?: number }) {
    super(options.description);
    this.name = 'AmqpError';
    this.condition = options.condition;
    this.status = options.status ?? statusFor(options.condition);
  }
}

function statusFor(c: Condition): number {
  switch (c) {
    case condition.notFound:
    case condition.messageNotFound:
    case condition.sessionNotFound:
      return 404;
    case condition.unauthorized:
      return 401;
    case condition.messageLockLost:
    case condition.sessionLockLost:
      return 410;
    case condition.sessionCannotBeLocked:
    case condition.resourceLimitExceeded:
      return 403;
    case condition.timeout:
      return 408;
    case condition.internalError:
      return 500;
    case condition.notImplemented:
      return 501;
    default:
      return 400;
  }
}
