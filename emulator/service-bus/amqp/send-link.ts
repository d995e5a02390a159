import type { EventContext, Receiver } from '../../amqp/rhea.js';
import { localAttach, rawBytesOf } from '../../amqp/rhea.js';
import { transferPayload, unpackBatch } from '../../amqp/batch-envelope.js';
import { decodeMessage } from '../../amqp/encoded-message.js';
import type { EncodedMessage } from '../../amqp/encoded-message.js';
import { AmqpError, condition } from '../../amqp/conditions.js';
import type { QueueEntry, ServiceBusNamespace, TopicEntry } from '../service-bus-namespace.js';
import { toAmqpError } from './broker-error-conditions.js';

/**
 * A client's sender link to a queue or topic: every transfer (single message or batch envelope) is accepted as
 * a whole or rejected with the condition the SDK maps.
 */
export function attachSendLink(options: {
  context: EventContext;
  namespace: ServiceBusNamespace;
  target: QueueEntry | TopicEntry;
  log: (line: string) => void;
}): void {
  const { namespace, target, log } = options;
  const link = options.context.receiver as Receiver;
  const attach = localAttach(link);
  // The SDK sizes batches by the max-message-size we advertise.
  attach.max_message_size = target.settings.maxMessageSizeBytes;

  link.on('message', (context: EventContext) => {
    const delivery = context.delivery!;
    try {
      const size =
        (context.message as unknown as { length?: number }).length ??
        rawBytesOf(context.message as object)?.length ??
        0;
      if (size > target.settings.maxMessageSizeBytes) {
        throw new AmqpError({
          condition: condition.messageSizeExceeded,
          description: `The received message (size ${size} bytes) exceeds the limit (${target.settings.maxMessageSizeBytes} bytes) of '${target.name}'.`,
        });
      }
      const messages = readTransfer(context);
      namespace.send(target, messages);
      delivery.accept();
    } catch (error) {
      const amqpError = toAmqpError(error);
      if (amqpError.condition === condition.internalError)
        log(`send to '${target.name}' failed: ${String((error as Error)?.stack ?? error)}`);
      delivery.reject({ condition: amqpError.condition, description: amqpError.message });
    }
  });
}

function readTransfer(context: EventContext): EncodedMessage[] {
  const payload = transferPayload(context);
  return 'batch' in payload ? unpackBatch(payload.batch).map(decodeMessage) : [decodeMessage(payload.single)];
}
