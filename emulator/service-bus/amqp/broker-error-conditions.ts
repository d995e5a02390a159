import { AmqpError, condition } from '../../amqp/conditions.js';
import type { Condition } from '../../amqp/conditions.js';
import { BrokerError } from '../broker-error.js';
import type { BrokerErrorCode } from '../broker-error.js';

/** Every core failure has the condition the Service Bus SDK maps to its matching error code. */
const conditionByCode: Record<BrokerErrorCode, Condition> = {
  'entity-not-found': condition.notFound,
  'entity-already-exists': condition.entityAlreadyExists,
  'quota-exceeded': condition.resourceLimitExceeded,
  'lock-lost': condition.messageLockLost,
  'session-lock-lost': condition.sessionLockLost,
  'session-cannot-be-locked': condition.sessionCannotBeLocked,
  'message-not-found': condition.messageNotFound,
  'session-required': condition.notAllowed,
  'session-not-allowed': condition.notAllowed,
  'message-too-large': condition.messageSizeExceeded,
  'invalid-argument': condition.argumentError,
  'not-supported': condition.notAllowed,
};

/** Translates any failure into the AMQP error to send; unexpected ones become internal errors. */
export function toAmqpError(error: unknown): AmqpError {
  if (error instanceof AmqpError) return error;
  if (error instanceof BrokerError)
    return new AmqpError({ condition: conditionByCode[error.code], description: error.message });
  return new AmqpError({
    condition: condition.internalError,
    description: 'The service encountered an internal error.',
  });
}
