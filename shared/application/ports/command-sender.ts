import type { OutgoingCommand } from '../messaging/outgoing-command.js';

/** Sends commands to the service that carries them out (Service Bus), routed by the command's type. */
export interface CommandSender {
  send(command: OutgoingCommand): Promise<void>;
}
