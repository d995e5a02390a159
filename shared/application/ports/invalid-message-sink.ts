import type { DeadLetterReason } from '../messaging/message-disposition.js';
import type { TraceContext } from '../messaging/trace-context.js';

/** A message or event that can never be processed, with why, where it came from and what it carried. */
export interface InvalidMessage {
  /** The entity or subscription it was taken from: a queue name, or `<topic>/<subscriber>` for an event. */
  readonly source: string;
  readonly reason: DeadLetterReason;
  readonly description: string;
  /** The body as received, untouched, so the message can be fixed and resubmitted. */
  readonly body: unknown;
  readonly messageId?: string | undefined;
  readonly type?: string | undefined;
  readonly correlationId?: string | undefined;
  readonly sessionId?: string | undefined;
  readonly replyTo?: string | undefined;
  readonly replyToSessionId?: string | undefined;
  readonly trace?: TraceContext | undefined;
}

/**
 * Where the message edges park what they can never process (docs/decisions/0002): a handler's `dead-letter`
 * disposition lands here at its first delivery, with its reason, instead of burning redeliveries. Idempotent: parking
 * the same message twice (a crash between parking and settling) keeps one copy.
 */
export interface InvalidMessageSink {
  park(message: InvalidMessage): Promise<void>;
}
