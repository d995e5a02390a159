import type { TraceContext } from './trace-context.js';

/**
 * A broker message as a message handler sees it: the body not yet trusted, and the broker properties the handler
 * needs. The Service Bus trigger fills it from the message and its metadata; absent properties stay undefined.
 */
export interface IncomingMessage {
  readonly body: unknown;
  /** Service Bus Subject: the message's versioned type. */
  readonly type?: string | undefined;
  readonly messageId?: string | undefined;
  readonly correlationId?: string | undefined;
  readonly sessionId?: string | undefined;
  readonly replyTo?: string | undefined;
  readonly replyToSessionId?: string | undefined;
  readonly trace?: TraceContext | undefined;
}
