import type { EncodedMessage } from '../amqp/encoded-message.js';

export type MessageState = 'active' | 'deferred' | 'scheduled';

/** Where a locked message's lock lives: its own timer, or the lock of the session it belongs to. */
export interface MessageLock {
  token: string;
  lockedUntil: number;
  cancelTimer?: () => void;
  /** The consumer it was delivered to; a lock dies with its link for session messages. */
  holder?: object;
}

/** One message in one entity. Topic subscriptions share the encoded bytes of the same send. */
export interface StoredMessage {
  sequenceNumber: number;
  enqueuedAt: number;
  encoded: EncodedMessage;
  messageId?: string;
  sessionId?: string;
  /** Time to live in ms (the smaller of the sender's and the entity default), Infinity when none. */
  ttlMs: number;
  expiresAt: number;
  scheduledAt?: number;
  state: MessageState;
  /** Deliveries made so far; the wire shows the deliveries before the current one. */
  deliveries: number;
  deadLetterSource?: string;
  lock?: MessageLock;
  /** Set once the message has left this entity; lists drop such entries lazily. */
  gone?: boolean;
}
