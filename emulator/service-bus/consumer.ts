import type { StoredMessage } from './stored-message.js';

export type ReceiveMode = 'peekLock' | 'receiveAndDelete';

/** A receiver attached to an entity, as the core sees it: how many it can take, and where they go. */
export interface Consumer {
  readonly mode: ReceiveMode;
  /** The session this consumer holds, once accepted; undefined for non-session receivers. */
  sessionId?: string;
  capacity(): number;
  deliver(message: StoredMessage): void;
  /** The session lock expired or was taken away: the receiver must be closed with SessionLockLost. */
  sessionLost?(reason: string): void;
}
