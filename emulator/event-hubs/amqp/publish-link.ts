import type { EventContext, Receiver } from '../../amqp/rhea.js';
import { localAttach, remoteAttach } from '../../amqp/rhea.js';
import { AmqpError, condition } from '../../amqp/conditions.js';
import type { EventHub } from '../event-hub.js';
import { maxPublicationBytes } from '../event-hub.js';
import type { AmqpEvent } from './amqp-event.js';
import { capability, hasCapability } from './capabilities.js';
import { toAmqpError } from './event-hub-error-conditions.js';
import { readPublication } from './publication.js';

/**
 * A producer's link to `<hub>` or `<hub>/Partitions/<n>`: each transfer is one publication, accepted whole into one
 * partition or rejected with the condition the SDK maps (MessageTooLargeError, ArgumentOutOfRangeError, …).
 */
export function attachPublishLink(options: {
  context: EventContext;
  hub: EventHub<AmqpEvent>;
  partitionId: string | undefined;
  log: (line: string) => void;
}): void {
  const { hub, partitionId, log } = options;
  const link = options.context.receiver as Receiver;
  try {
    if (hasCapability(remoteAttach(link).desired_capabilities, capability.idempotentProducer)) {
      throw new AmqpError({
        condition: condition.notImplemented,
        description: 'Idempotent publishing is not supported by the local emulator.',
      });
    }
    if (partitionId !== undefined) hub.requirePartition(partitionId);
  } catch (error) {
    const amqpError = toAmqpError(error);
    link.close({ condition: amqpError.condition, description: amqpError.message });
    return;
  }
  // The SDK sizes its batches by the max-message-size we advertise.
  localAttach(link).max_message_size = maxPublicationBytes;

  link.on('message', (context: EventContext) => {
    const delivery = context.delivery!;
    try {
      hub.publish({ ...readPublication(context), partitionId });
      delivery.accept();
    } catch (error) {
      const amqpError = toAmqpError(error);
      if (amqpError.condition === condition.internalError)
        log(`publish to '${hub.name}' failed: ${String((error as Error)?.stack ?? error)}`);
      delivery.reject({ condition: amqpError.condition, description: amqpError.message });
    }
  });
}
