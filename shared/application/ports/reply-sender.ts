import type { OutgoingReply } from '../messaging/outgoing-reply.js';

/** Sends a reply to the address the command named (Service Bus: ReplyTo queue, ReplyToSessionId session). */
export interface ReplySender {
  send(reply: OutgoingReply): Promise<void>;
}
