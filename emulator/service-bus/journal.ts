import type { StoredMessage } from './stored-message.js';

/** Where accepted messages are recorded so they survive a restart; the in-memory default records nothing. */
export interface Journal {
  stored(entityPath: string, message: StoredMessage): void;
  removed(entityPath: string, sequenceNumber: number): void;
  sessionState(entityPath: string, sessionId: string, state: Buffer | undefined): void;
}

export const noJournal: Journal = {
  stored: () => {},
  removed: () => {},
  sessionState: () => {},
};
