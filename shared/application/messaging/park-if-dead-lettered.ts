import type { InvalidMessage, InvalidMessageSink } from '../ports/invalid-message-sink.js';
import type { IncomingMessage } from './incoming-message.js';
import type { MessageDisposition } from './message-disposition.js';

/** What became of a message: the handler's outcome, or parked as invalid with a reason. */
export type SettledMessage<Outcome extends string> =
  | { readonly disposition: 'complete'; readonly outcome: Outcome }
  | {
      readonly disposition: 'parked';
      readonly reason: InvalidMessage['reason'];
      readonly description: string;
    };

/**
 * Carries out a handler's disposition: a completed message needs nothing more, a dead-lettered one is parked with its
 * reason. Either way the edge then lets the broker complete it; only a thrown error (transient) is redelivered.
 */
export async function parkIfDeadLettered<Outcome extends string>(
  deps: { readonly invalidMessages: InvalidMessageSink },
  input: {
    readonly source: string;
    readonly message: IncomingMessage;
    readonly disposition: MessageDisposition<Outcome>;
  },
): Promise<SettledMessage<Outcome>> {
  const { disposition, message } = input;
  if (disposition.disposition === 'complete') return disposition;
  await deps.invalidMessages.park({
    source: input.source,
    reason: disposition.reason,
    description: disposition.description,
    body: message.body,
    messageId: message.messageId,
    type: message.type,
    correlationId: message.correlationId,
    sessionId: message.sessionId,
    replyTo: message.replyTo,
    replyToSessionId: message.replyToSessionId,
    trace: message.trace,
  });
  return { disposition: 'parked', reason: disposition.reason, description: disposition.description };
}
