import { AmqpError, condition } from '../../amqp/conditions.js';
import type { Condition } from '../../amqp/conditions.js';
import { EventHubError } from '../event-hub-error.js';
import type { EventHubErrorCode } from '../event-hub-error.js';

/** Every core failure has the condition the Event Hubs SDK maps to its matching error code. */
const conditionByCode: Record<EventHubErrorCode, Condition> = {
  'hub-not-found': condition.notFound,
  'consumer-group-not-found': condition.notFound,
  'partition-not-found': condition.argumentOutOfRange,
  'invalid-position': condition.argumentError,
  'publication-too-large': condition.messageSizeExceeded,
  // Azure refuses a lower owner level and detaches superseded readers with the same condition: ReceiverDisconnectedError.
  'owner-level-too-low': condition.linkStolen,
  'reader-superseded': condition.linkStolen,
  'reader-quota-exceeded': condition.resourceLimitExceeded,
  'invalid-argument': condition.argumentError,
  'not-supported': condition.notImplemented,
};

/** Translates any failure into the AMQP error to send; unexpected ones become internal errors. */
export function toAmqpError(error: unknown): AmqpError {
  if (error instanceof AmqpError) return error;
  if (error instanceof EventHubError)
    return new AmqpError({ condition: conditionByCode[error.code], description: error.message });
  return new AmqpError({
    condition: condition.internalError,
    description: 'The service encountered an internal error.',
  });
}
