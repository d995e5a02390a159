import type { StoredMessage } from './stored-message.js';

/** Where accepted messages are recorded so they survive a restart; the in-memory default records nothing. */
export interface Journal {
  stored(entityPath: string, message: StoredMessage): void;
  removed(entityPath: string, sequenceNumber: number): void;
  sessionState(entityPath: string, sessionId: string, state: Buffer | undefined): void;
  /** A queue or topic with duplicate detection accepted a message with this id (its history outlives the message). */
  messageIdSeen(targetName: string, messageId: string, at: number): void;
}

export const noJournal: Journal = {
  stored: () => {},
  removed: () => {},
  sessionState: () => {},
  messageIdSeen: () => {},
};
