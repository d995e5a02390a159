import type { OutgoingReply } from '../application/messaging/outgoing-reply.js';
import type { ReplySender } from '../application/ports/reply-sender.js';
import type { ServiceBusSenders } from './service-bus/service-bus-senders.js';
import { traceProperties } from './service-bus/trace-properties.js';

/**
 * Sends a reply where its command asked: to the ReplyTo queue, in the session named by ReplyToSessionId, with the
 * command's MessageId as CorrelationId. An output binding could set none of these, hence the SDK.
 */
export class ServiceBusReplySender implements ReplySender {
  readonly #senders: ServiceBusSenders;

  constructor(senders: ServiceBusSenders) {
    this.#senders = senders;
  }

  async send(reply: OutgoingReply): Promise<void> {
    await this.#senders.senderFor(reply.to).sendMessages({
      body: reply.body,
      contentType: 'application/json',
      messageId: reply.messageId,
      subject: reply.type,
      sessionId: reply.sessionId,
      correlationId: reply.correlationId,
      applicationProperties: traceProperties(reply.trace),
    });
  }
}
