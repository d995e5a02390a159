import { createHash } from 'node:crypto';
import type { InvalidMessage, InvalidMessageSink } from '../application/ports/invalid-message-sink.js';
import type { ServiceBusSenders } from './service-bus/service-bus-senders.js';
import { traceProperties } from './service-bus/trace-properties.js';

/**
 * Parks invalid messages on one Service Bus queue, with the reason in the application properties the broker itself
 * uses on dead-lettered messages (`DeadLetterReason`, `DeadLetterErrorDescription`), so the same tools and alerts
 * read both. The MessageId is derived from the source and the original id: with duplicate detection on the queue,
 * parking a message again after a crash keeps one copy.
 */
export class ServiceBusInvalidMessageSink implements InvalidMessageSink {
  readonly #senders: ServiceBusSenders;
  readonly #queue: string;

  constructor(senders: ServiceBusSenders, queue: string) {
    this.#senders = senders;
    this.#queue = queue;
  }

  async park(message: InvalidMessage): Promise<void> {
    await this.#senders.senderFor(this.#queue).sendMessages({
      body: message.body,
      messageId: parkedMessageId(message),
      ...(message.type === undefined ? {} : { subject: message.type }),
      ...(message.correlationId === undefined ? {} : { correlationId: message.correlationId }),
      applicationProperties: {
        DeadLetterReason: message.reason,
        DeadLetterErrorDescription: message.description.slice(0, 1_000),
        DeadLetterSource: message.source,
        ...(message.messageId === undefined ? {} : { OriginalMessageId: message.messageId }),
        ...(message.sessionId === undefined ? {} : { OriginalSessionId: message.sessionId }),
        ...(message.replyTo === undefined ? {} : { OriginalReplyTo: message.replyTo }),
        ...(message.replyToSessionId === undefined
          ? {}
          : { OriginalReplyToSessionId: message.replyToSessionId }),
        ...traceProperties(message.trace),
      },
    });
  }
}

/** Stable per (source, original id); a hash keeps it within Service Bus's 128 characters. */
function parkedMessageId(message: InvalidMessage): string {
  const original =
    message.messageId ??
    createHash('sha256')
      .update(JSON.stringify(message.body) ?? '')
      .digest('hex');
  return createHash('sha256').update(`${message.source}\n${original}`).digest('base64url');
}
