import type { ServiceBusMessage } from '@azure/service-bus';
import { stockMessageTypes } from '../application/contracts/message-types.js';
import type { OutgoingCommand } from '../application/messaging/outgoing-command.js';
import type { CommandSender } from '../application/ports/command-sender.js';
import type { ServiceBusSenders } from './service-bus/service-bus-senders.js';
import { traceProperties } from './service-bus/trace-properties.js';

/**
 * Sends commands to the stock service's queue. Every broker property the receiver relies on is set here: MessageId
 * (derived from the order, so duplicate detection drops a resend), Subject (the versioned type), ReplyTo and
 * ReplyToSessionId (where and in which session the answer goes), and the trace context.
 */
export class ServiceBusCommandSender implements CommandSender {
  readonly #senders: ServiceBusSenders;
  readonly #queueOf: { readonly [Type in OutgoingCommand['type']]: string };

  constructor(senders: ServiceBusSenders, queues: { readonly stockCommands: string }) {
    this.#senders = senders;
    this.#queueOf = {
      [stockMessageTypes.reserveStock]: queues.stockCommands,
      [stockMessageTypes.releaseStock]: queues.stockCommands,
    };
  }

  async send(command: OutgoingCommand): Promise<void> {
    await this.#senders.senderFor(this.#queueOf[command.type]).sendMessages(serviceBusMessageOf(command));
  }
}

export function serviceBusMessageOf(command: OutgoingCommand): ServiceBusMessage {
  return {
    body: command.body,
    contentType: 'application/json',
    messageId: command.messageId,
    subject: command.type,
    ...('replyTo' in command ? { replyTo: command.replyTo, replyToSessionId: command.replyToSessionId } : {}),
    applicationProperties: traceProperties(command.trace),
  };
}
