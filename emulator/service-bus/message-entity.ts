import type { Clock } from '../clock.js';
import { withApplicationProperties } from '../amqp/encoded-message.js';
import { newLockToken } from '../amqp/lock-token.js';
import { BrokerError } from './broker-error.js';
import { messageEnqueued, type MessageEnqueued } from './diagnostics.js';
import type { Consumer, ReceiveMode } from './consumer.js';
import type { EntitySettings } from './entity-settings.js';
import type { Journal } from './journal.js';
import { noJournal } from './journal.js';
import { MinHeap } from './min-heap.js';
import { SequenceList } from './sequence-list.js';
import type { SessionEntry } from './session-book.js';
import { SessionBook } from './session-book.js';
import type { StoredMessage } from './stored-message.js';

export interface MessageEntityOptions {
  /** Entity path as clients address it: `orders`, `events/Subscriptions/audit`, `orders/$DeadLetterQueue`. */
  path: string;
  settings: EntitySettings;
  clock: Clock;
  journal?: Journal;
  /** The dead-letter sub-queue; absent on a dead-letter queue itself. */
  deadLetterQueue?: MessageEntity;
  /** Hands a dead-lettered message to the entity named by ForwardDeadLetteredMessagesTo. */
  forwardDeadLetter?: (message: StoredMessage) => void;
}

export interface DeadLetterOptions {
  reason?: string;
  description?: string;
  properties?: Record<string, unknown>;
}

export interface EntityCounts {
  active: number;
  deadLetter: number;
  scheduled: number;
  deferred: number;
  locked: number;
}

/**
 * A receivable Service Bus entity (queue, subscription, or a dead-letter sub-queue) with the broker's rules:
 * peek-lock and receive-and-delete, lock expiry and redelivery, max delivery count, TTL, deferral, scheduling,
 * sessions. It knows nothing of AMQP: consumers are plain objects and time comes from the clock.
 */
export class MessageEntity {
  readonly path: string;
  readonly settings: EntitySettings;
  readonly deadLetterQueue: MessageEntity | undefined;
  readonly #clock: Clock;
  readonly #journal: Journal;
  readonly #forwardDeadLetter: ((message: StoredMessage) => void) | undefined;
  /** Every message the entity holds, in sequence order (active, locked, deferred, scheduled). */
  readonly #all = new Map<number, StoredMessage>();
  readonly #available = new SequenceList<StoredMessage>();
  readonly #sessions = new SessionBook();
  readonly #locks = new Map<string, StoredMessage>();
  readonly #consumers: Consumer[] = [];
  readonly #expiries = new MinHeap<StoredMessage>();
  readonly #scheduleTimers = new Map<number, () => void>();
  readonly #sessionWaiters: Array<() => boolean> = [];
  #expiryTimer: { at: number; cancel: () => void } | undefined;
  #pumping = false;
  #pumpAgain = false;
  #closed = false;

  constructor(options: MessageEntityOptions) {
    this.path = options.path;
    this.settings = options.settings;
    this.#clock = options.clock;
    this.#journal = options.journal ?? noJournal;
    this.deadLetterQueue = options.deadLetterQueue;
    this.#forwardDeadLetter = options.forwardDeadLetter;
  }

  get isDeadLetterQueue(): boolean {
    return this.deadLetterQueue === undefined;
  }

  // ---- accepting messages -------------------------------------------------------------------------------------

  /** Takes a message whose sequence number, times and TTL are already set; schedules it when it is not due yet. */
  accept(message: StoredMessage, options: { restoring?: boolean } = {}): void {
    if (this.settings.requiresSession && message.sessionId === undefined && !this.isDeadLetterQueue) {
      throw new BrokerError(
        'session-required',
        `The entity '${this.path}' requires sessions; the message has no SessionId.`,
      );
    }
    this.#all.set(message.sequenceNumber, message);
    if (this.#isSessionMessage(message))
      this.#sessions.getOrCreate(message.sessionId!, this.#clock.now()).messageCount++;
    if (!options.restoring) {
      this.#journal.stored(this.path, message);
      if (messageEnqueued.hasSubscribers) this.#publishEnqueued(message);
    }
    const now = this.#clock.now();
    if (message.state === 'scheduled' && message.scheduledAt !== undefined && message.scheduledAt > now) {
      this.#scheduleActivation(message);
      return;
    }
    if (message.state === 'deferred') return;
    this.#activate(message);
  }

  #publishEnqueued(message: StoredMessage): void {
    const enqueued: MessageEnqueued = {
      entityPath: this.path,
      sequenceNumber: message.sequenceNumber,
      messageId: message.messageId,
      sessionId: message.sessionId,
      enqueuedAt: message.enqueuedAt,
    };
    messageEnqueued.publish(enqueued);
  }

  #scheduleActivation(message: StoredMessage): void {
    const timer = this.#clock.setTimer(message.scheduledAt!, () => {
      this.#scheduleTimers.delete(message.sequenceNumber);
      if (!message.gone) this.#activate(message);
    });
    this.#scheduleTimers.set(message.sequenceNumber, () => timer.cancel());
  }

  #activate(message: StoredMessage): void {
    message.state = 'active';
    if (Number.isFinite(message.expiresAt)) {
      this.#expiries.push(message.expiresAt, message);
      this.#armExpiryTimer();
    }
    this.#makeAvailable(message);
  }

  #makeAvailable(message: StoredMessage): void {
    if (this.#isSessionMessage(message)) {
      const entry = this.#sessions.getOrCreate(message.sessionId!, this.#clock.now());
      entry.available.push(message);
      if (!entry.holder) this.#notifySessionWaiters();
    } else {
      this.#available.push(message);
    }
    this.pump();
  }

  cancelScheduled(sequenceNumbers: number[]): void {
    for (const sequenceNumber of sequenceNumbers) {
      const message = this.#all.get(sequenceNumber);
      if (!message || message.state !== 'scheduled') continue;
      this.#scheduleTimers.get(sequenceNumber)?.();
      this.#scheduleTimers.delete(sequenceNumber);
      this.#remove(message);
    }
  }

  // ---- delivering ---------------------------------------------------------------------------------------------

  addConsumer(consumer: Consumer): void {
    this.#consumers.push(consumer);
    this.pump();
  }

  removeConsumer(consumer: Consumer): void {
    const index = this.#consumers.indexOf(consumer);
    if (index >= 0) this.#consumers.splice(index, 1);
    const entry = this.#sessions.heldBy(consumer);
    if (entry && entry.holder === consumer) this.#releaseSession(entry);
  }

  /** Delivers what is available to consumers with capacity, one message each per round, until nothing moves. */
  pump(): void {
    if (this.#pumping) {
      this.#pumpAgain = true;
      return;
    }
    this.#pumping = true;
    try {
      do {
        this.#pumpAgain = false;
        let moved = true;
        while (moved) {
          moved = false;
          for (const consumer of [...this.#consumers]) {
            if (consumer.capacity() <= 0) continue;
            const message = this.#takeNext(consumer);
            if (!message) continue;
            this.#deliver(consumer, message);
            moved = true;
          }
        }
      } while (this.#pumpAgain);
    } finally {
      this.#pumping = false;
    }
  }

  #takeNext(consumer: Consumer): StoredMessage | undefined {
    let list: SequenceList<StoredMessage>;
    if (this.settings.requiresSession && !this.isDeadLetterQueue) {
      const entry = this.#sessions.heldBy(consumer);
      if (!entry || entry.holder !== consumer) return undefined;
      list = entry.available;
    } else {
      list = this.#available;
    }
    const now = this.#clock.now();
    for (;;) {
      const message = list.shift();
      if (!message) return undefined;
      if (message.gone || message.lock || message.state !== 'active') continue;
      if (message.expiresAt <= now) {
        this.#expire(message);
        continue;
      }
      return message;
    }
  }

  #deliver(consumer: Consumer, message: StoredMessage): void {
    message.deliveries++;
    if (consumer.mode === 'receiveAndDelete') {
      this.#remove(message);
    } else {
      this.#lock(message, consumer);
    }
    consumer.deliver(message);
  }

  #lock(message: StoredMessage, holder: Consumer | object): void {
    const token = newLockToken();
    const entry = this.#isSessionMessage(message) ? this.#sessions.get(message.sessionId!) : undefined;
    if (entry && entry.holder === holder) {
      // Session messages live under the session lock: it is renewed and lost as one.
      message.lock = { token, lockedUntil: entry.lockedUntil, holder };
    } else {
      const lockedUntil = this.#clock.now() + this.settings.lockDurationMs;
      message.lock = { token, lockedUntil, holder };
      this.#armLockTimer(message);
    }
    this.#locks.set(token, message);
  }

  #armLockTimer(message: StoredMessage): void {
    const lock = message.lock!;
    lock.cancelTimer?.();
    const timer = this.#clock.setTimer(lock.lockedUntil, () => {
      if (message.lock === lock) this.#unlockAndReturn(message);
    });
    lock.cancelTimer = () => timer.cancel();
  }

  // ---- settling -----------------------------------------------------------------------------------------------

  #locked(token: string): StoredMessage {
    const message = this.#locks.get(token);
    if (!message || !message.lock || message.lock.lockedUntil < this.#clock.now()) {
      throw new BrokerError(
        'lock-lost',
        `The lock supplied is invalid. Either the lock expired, or the message has already been removed from the queue. Reference:${token}, Entity:${this.path}`,
      );
    }
    return message;
  }

  complete(token: string): void {
    const message = this.#locked(token);
    this.#releaseLock(message);
    this.#remove(message);
  }

  abandon(token: string, propertiesToModify?: Record<string, unknown>): void {
    const message = this.#locked(token);
    this.#modify(message, propertiesToModify);
    this.#unlockAndReturn(message);
  }

  defer(token: string, propertiesToModify?: Record<string, unknown>): void {
    const message = this.#locked(token);
    this.#modify(message, propertiesToModify);
    this.#releaseLock(message);
    message.state = 'deferred';
    this.#journal.stored(this.path, message);
  }

  deadLetter(token: string, options: DeadLetterOptions = {}): void {
    const message = this.#locked(token);
    if (this.isDeadLetterQueue) {
      throw new BrokerError(
        'not-supported',
        `Messages cannot be dead-lettered from the dead-letter queue '${this.path}'.`,
      );
    }
    this.#releaseLock(message);
    this.#moveToDeadLetter(message, options);
  }

  renewLock(token: string): number {
    const message = this.#locked(token);
    const lock = message.lock!;
    if (this.#isSessionMessage(message) && lock.cancelTimer === undefined) {
      throw new BrokerError('invalid-argument', 'Messages of a session are renewed with the session lock.');
    }
    lock.lockedUntil = this.#clock.now() + this.settings.lockDurationMs;
    this.#armLockTimer(message);
    return lock.lockedUntil;
  }

  #modify(message: StoredMessage, properties: Record<string, unknown> | undefined): void {
    if (properties && Object.keys(properties).length)
      message.encoded = withApplicationProperties(message.encoded, properties);
  }

  #releaseLock(message: StoredMessage): void {
    const lock = message.lock;
    if (!lock) return;
    lock.cancelTimer?.();
    this.#locks.delete(lock.token);
    delete message.lock;
  }

  /** A lock ended without settlement (abandon, expiry, session released): the message goes back, or on to the DLQ. */
  #unlockAndReturn(message: StoredMessage): void {
    this.#releaseLock(message);
    if (message.gone) return;
    this.#journal.stored(this.path, message);
    if (message.state === 'deferred') return;
    if (!this.isDeadLetterQueue && message.deliveries >= this.settings.maxDeliveryCount) {
      this.#moveToDeadLetter(message, {
        reason: 'MaxDeliveryCountExceeded',
        description: `Message could not be consumed after ${this.settings.maxDeliveryCount} delivery attempts.`,
      });
      return;
    }
    if (message.expiresAt <= this.#clock.now()) {
      this.#expire(message);
      return;
    }
    this.#makeAvailable(message);
  }

  /** Dead-letters a message that never entered this entity (no session id, forwarding failed). */
  deadLetterOnArrival(message: StoredMessage, options: DeadLetterOptions): void {
    this.#toDeadLetterQueue(message, options);
  }

  #moveToDeadLetter(message: StoredMessage, options: DeadLetterOptions): void {
    this.#remove(message);
    this.#toDeadLetterQueue(message, options);
  }

  #toDeadLetterQueue(message: StoredMessage, options: DeadLetterOptions): void {
    const properties: Record<string, unknown> = { ...options.properties };
    if (options.reason !== undefined) properties.DeadLetterReason = options.reason;
    if (options.description !== undefined) properties.DeadLetterErrorDescription = options.description;
    const deadLettered: StoredMessage = {
      ...message,
      encoded: withApplicationProperties(message.encoded, properties),
      state: 'active',
      // Time to live is not observed in the dead-letter queue.
      expiresAt: Number.POSITIVE_INFINITY,
      gone: false,
    };
    delete deadLettered.lock;
    if (this.settings.forwardDeadLetteredMessagesTo && this.#forwardDeadLetter) {
      this.#forwardDeadLetter({ ...deadLettered, deadLetterSource: this.path });
      return;
    }
    this.deadLetterQueue?.accept(deadLettered);
  }

  #remove(message: StoredMessage): void {
    message.gone = true;
    this.#all.delete(message.sequenceNumber);
    this.#journal.removed(this.path, message.sequenceNumber);
    if (this.#isSessionMessage(message)) {
      const entry = this.#sessions.get(message.sessionId!);
      if (entry) {
        entry.messageCount--;
        this.#sessions.forgetIfEmpty(entry);
      }
    }
  }

  // ---- expiry -------------------------------------------------------------------------------------------------

  #expire(message: StoredMessage): void {
    if (this.settings.deadLetterOnExpiration && !this.isDeadLetterQueue) {
      this.#moveToDeadLetter(message, {
        reason: 'TTLExpiredException',
        description: 'The message expired and was dead lettered.',
      });
    } else {
      this.#remove(message);
    }
  }

  #armExpiryTimer(): void {
    const next = this.#expiries.peekKey();
    if (next === undefined || this.#closed) return;
    if (this.#expiryTimer && this.#expiryTimer.at <= next) return;
    this.#expiryTimer?.cancel();
    const timer = this.#clock.setTimer(next, () => {
      this.#expiryTimer = undefined;
      this.#sweepExpired();
    });
    this.#expiryTimer = { at: next, cancel: () => timer.cancel() };
  }

  #sweepExpired(): void {
    const now = this.#clock.now();
    while ((this.#expiries.peekKey() ?? Number.POSITIVE_INFINITY) <= now) {
      const message = this.#expiries.pop()!;
      // Locked messages are checked when their lock ends; deferred ones stay until received.
      if (message.gone || message.lock || message.state !== 'active') continue;
      this.#expire(message);
    }
    this.#armExpiryTimer();
  }

  // ---- deferred, peek -----------------------------------------------------------------------------------------

  receiveDeferred(options: {
    sequenceNumbers: number[];
    mode: ReceiveMode;
    holder: object;
    sessionId?: string;
  }): StoredMessage[] {
    const found = options.sequenceNumbers.map((sequenceNumber) => {
      const message = this.#all.get(sequenceNumber);
      if (
        !message ||
        message.state !== 'deferred' ||
        message.lock ||
        (options.sessionId !== undefined && message.sessionId !== options.sessionId)
      ) {
        throw new BrokerError(
          'message-not-found',
          `Failed to retrieve deferred message with sequence number ${sequenceNumber} from '${this.path}'.`,
        );
      }
      return message;
    });
    for (const message of found) {
      message.deliveries++;
      if (options.mode === 'receiveAndDelete') this.#remove(message);
      else this.#lock(message, options.holder);
    }
    return found;
  }

  peek(options: { fromSequenceNumber: number; count: number; sessionId?: string }): StoredMessage[] {
    const result: StoredMessage[] = [];
    for (const message of this.#all.values()) {
      if (result.length >= options.count) break;
      if (message.sequenceNumber < options.fromSequenceNumber) continue;
      if (options.sessionId !== undefined && message.sessionId !== options.sessionId) continue;
      result.push(message);
    }
    return result;
  }

  // ---- sessions -----------------------------------------------------------------------------------------------

  /**
   * Locks a session for a consumer: the named one, or the next with a message ready. Returns the session id, or
   * undefined when no session is available now.
   */
  acceptSession(consumer: Consumer, requested: string | undefined): string | undefined {
    if (!this.settings.requiresSession) {
      throw new BrokerError('session-not-allowed', `The entity '${this.path}' is not session-enabled.`);
    }
    const now = this.#clock.now();
    const entry =
      requested !== undefined
        ? this.#sessions.getOrCreate(requested, now)
        : this.#sessions.nextAvailable(
            (message) => !message.gone && !message.lock && message.state === 'active',
          );
    if (!entry) return undefined;
    if (entry.holder && entry.holder !== consumer) {
      throw new BrokerError(
        'session-cannot-be-locked',
        `The requested session '${entry.id}' cannot be accepted. It may be locked by another receiver.`,
      );
    }
    entry.holder = consumer;
    consumer.sessionId = entry.id;
    this.#renewSession(entry);
    return entry.id;
  }

  /** Calls `tryAccept` whenever a session may have become available, until it returns true. */
  waitForSession(tryAccept: () => boolean): () => void {
    this.#sessionWaiters.push(tryAccept);
    return () => {
      const index = this.#sessionWaiters.indexOf(tryAccept);
      if (index >= 0) this.#sessionWaiters.splice(index, 1);
    };
  }

  #notifySessionWaiters(): void {
    for (const waiter of [...this.#sessionWaiters]) {
      if (waiter()) {
        const index = this.#sessionWaiters.indexOf(waiter);
        if (index >= 0) this.#sessionWaiters.splice(index, 1);
      }
    }
  }

  renewSessionLock(sessionId: string): number {
    const entry = this.#heldSession(sessionId);
    this.#renewSession(entry);
    return entry.lockedUntil;
  }

  sessionLockedUntil(sessionId: string): number {
    return this.#heldSession(sessionId).lockedUntil;
  }

  #heldSession(sessionId: string): SessionEntry {
    const entry = this.#sessions.get(sessionId);
    if (!entry || !entry.holder || entry.lockedUntil < this.#clock.now()) {
      throw new BrokerError(
        'session-lock-lost',
        `The session lock has expired on the MessageSession '${sessionId}'. Accept a new MessageSession.`,
      );
    }
    return entry;
  }

  #renewSession(entry: SessionEntry): void {
    entry.lockedUntil = this.#clock.now() + this.settings.lockDurationMs;
    entry.cancelTimer?.();
    const timer = this.#clock.setTimer(entry.lockedUntil, () => {
      const holder = entry.holder;
      this.#releaseSession(entry);
      holder?.sessionLost?.(`The session lock has expired on the MessageSession '${entry.id}'.`);
    });
    entry.cancelTimer = () => timer.cancel();
    for (const message of this.#locks.values()) {
      if (message.sessionId === entry.id && message.lock && !message.lock.cancelTimer)
        message.lock.lockedUntil = entry.lockedUntil;
    }
  }

  #releaseSession(entry: SessionEntry): void {
    const holder = entry.holder;
    entry.cancelTimer?.();
    delete entry.cancelTimer;
    delete entry.holder;
    entry.lockedUntil = 0;
    if (holder) delete holder.sessionId;
    for (const message of [...this.#locks.values()]) {
      if (message.sessionId === entry.id && message.lock && !message.lock.cancelTimer)
        this.#unlockAndReturn(message);
    }
    this.#sessions.forgetIfEmpty(entry);
    this.#notifySessionWaiters();
  }

  getSessionState(sessionId: string): Buffer | undefined {
    return this.#heldSession(sessionId).state;
  }

  setSessionState(sessionId: string, state: Buffer | undefined): void {
    const entry = this.#heldSession(sessionId);
    if (state === undefined) delete entry.state;
    else entry.state = state;
    entry.lastUpdated = this.#clock.now();
    this.#journal.sessionState(this.path, sessionId, state);
  }

  /** Restores session state from the journal at start-up. */
  restoreSessionState(sessionId: string, state: Buffer): void {
    this.#sessions.getOrCreate(sessionId, this.#clock.now()).state = state;
  }

  listSessions(options: { updatedSince?: number; skip: number; top: number }): string[] {
    const ids: string[] = [];
    for (const entry of this.#sessions.values()) {
      if (options.updatedSince !== undefined && entry.lastUpdated < options.updatedSince) continue;
      if (entry.state === undefined && entry.messageCount === 0) continue;
      ids.push(entry.id);
    }
    return ids.slice(options.skip, options.skip + options.top);
  }

  #isSessionMessage(message: StoredMessage): boolean {
    return this.settings.requiresSession && !this.isDeadLetterQueue && message.sessionId !== undefined;
  }

  // ---- admin --------------------------------------------------------------------------------------------------

  counts(): EntityCounts {
    const counts: EntityCounts = { active: 0, deadLetter: 0, scheduled: 0, deferred: 0, locked: 0 };
    for (const message of this.#all.values()) {
      if (message.state === 'scheduled') counts.scheduled++;
      else if (message.state === 'deferred') counts.deferred++;
      else counts.active++;
      if (message.lock) counts.locked++;
    }
    counts.deadLetter = this.deadLetterQueue?.counts().active ?? 0;
    return counts;
  }

  /** Stops every timer; the entity is being thrown away (emulator shutdown). */
  close(): void {
    this.#closed = true;
    this.#expiryTimer?.cancel();
    for (const cancel of this.#scheduleTimers.values()) cancel();
    for (const message of this.#locks.values()) message.lock?.cancelTimer?.();
    for (const entry of this.#sessions.values()) entry.cancelTimer?.();
    this.deadLetterQueue?.close();
  }
}
