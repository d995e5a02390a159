import type { Clock } from '../clock.js';
import type { EncodedMessage } from '../amqp/encoded-message.js';
import { randomUUID } from 'node:crypto';
import { idToString, readAnnotation, withMessageId } from '../amqp/encoded-message.js';
import { BrokerError } from './broker-error.js';
import { DuplicateDetector } from './duplicate-detector.js';
import type { QueueInput, RuleInput, TopicInput } from './entity-properties.js';
import type { EntitySettings } from './entity-settings.js';
import { entitySettings, InvalidEntityError, topicSettings } from './entity-settings.js';
import type { RestoredEntity } from './file-journal.js';
import type { Journal } from './journal.js';
import { noJournal } from './journal.js';
import type { EntityCounts } from './message-entity.js';
import { MessageEntity } from './message-entity.js';
import type { StoredMessage } from './stored-message.js';
import type { SubscriptionRule } from './subscription-rules.js';
import { compileRules, routeToSubscription } from './subscription-rules.js';
import { subscriptionRuleBook } from './subscription-rule-book.js';

/** An entity messages are sent to: a queue (which is also receivable) or a topic (which fans out). */
export interface SendTarget {
  kind: 'queue' | 'topic';
  name: string;
  settings: EntitySettings;
  duplicates: DuplicateDetector;
  nextSequenceNumber: number;
}

export interface QueueEntry extends SendTarget {
  kind: 'queue';
  entity: MessageEntity;
}

export interface SubscriptionEntry {
  name: string;
  entity: MessageEntity;
  rules: SubscriptionRule[];
}

export interface TopicEntry extends SendTarget {
  kind: 'topic';
  subscriptions: Map<string, SubscriptionEntry>;
}

/** Azure stops auto-forwarding chains after four hops. */
const maxTransferHops = 4;

export interface ServiceBusNamespaceOptions {
  clock: Clock;
  journal?: Journal;
}

/**
 * The Service Bus namespace: its queues and topics, how an address names an entity, and what happens to a
 * message between the send and the receivable entities (sequence numbers, TTL, duplicate detection, scheduling,
 * topic fan-out, auto-forwarding).
 */
export class ServiceBusNamespace {
  readonly #clock: Clock;
  readonly #journal: Journal;
  readonly #entities = new Map<string, QueueEntry | TopicEntry>();
  #rulesChanged: (path: string, rules: RuleInput[]) => void = () => {};

  constructor(options: ServiceBusNamespaceOptions) {
    this.#clock = options.clock;
    this.#journal = options.journal ?? noJournal;
  }

  // ---- entities -----------------------------------------------------------------------------------------------

  createQueue(input: QueueInput): QueueEntry {
    const name = validName(input.Name);
    this.#assertFree(name);
    const settings = entitySettings(`Queue '${name}'`, input.Properties);
    const queue: QueueEntry = {
      kind: 'queue',
      name,
      settings,
      duplicates: new DuplicateDetector(settings.duplicateWindowMs),
      nextSequenceNumber: 1,
      entity: this.#receivable(name, settings),
    };
    this.#entities.set(key(name), queue);
    return queue;
  }

  createTopic(input: TopicInput): TopicEntry {
    const name = validName(input.Name);
    this.#assertFree(name);
    const settings = topicSettings(`Topic '${name}'`, input.Properties);
    const topic: TopicEntry = {
      kind: 'topic',
      name,
      settings,
      duplicates: new DuplicateDetector(settings.duplicateWindowMs),
      nextSequenceNumber: 1,
      subscriptions: new Map(),
    };
    for (const subscription of input.Subscriptions ?? []) {
      const subName = validName(subscription.Name);
      if (topic.subscriptions.has(key(subName)))
        throw new InvalidEntityError(`Topic '${name}' declares subscription '${subName}' twice.`);
      const path = `${name}/Subscriptions/${subName}`;
      const subSettings = entitySettings(`Subscription '${path}'`, subscription.Properties);
      topic.subscriptions.set(key(subName), {
        name: subName,
        entity: this.#receivable(path, subSettings),
        rules: compileRules(path, subscription.Rules),
      });
    }
    this.#entities.set(key(name), topic);
    return topic;
  }

  #assertFree(name: string): void {
    if (this.#entities.has(key(name)))
      throw new InvalidEntityError(`An entity named '${name}' already exists.`);
  }

  #receivable(path: string, settings: EntitySettings): MessageEntity {
    const deadLetterQueue = new MessageEntity({
      path: `${path}/$DeadLetterQueue`,
      settings: { ...settings, requiresSession: false },
      clock: this.#clock,
      journal: this.#journal,
    });
    return new MessageEntity({
      path,
      settings,
      clock: this.#clock,
      journal: this.#journal,
      deadLetterQueue,
      forwardDeadLetter: (message) => this.#forward(settings.forwardDeadLetteredMessagesTo!, message, 1),
    });
  }

  /** Puts back what the journal held at start: messages in sequence order, sequence counters, session state. */
  restore(restored: Map<string, RestoredEntity>, log: (line: string) => void): void {
    for (const [path, content] of restored) {
      const sender = this.sendTarget(path);
      for (const [messageId, at] of content.seenMessageIds) sender?.duplicates.remember(messageId, at);
      const entity = this.receivable(path);
      if (!entity) {
        if (content.messages.length === 0) continue;
        log(
          `journal holds ${content.messages.length} message(s) for '${path}', which is no longer declared; they are dropped`,
        );
        continue;
      }
      const target = this.sendTarget(path.split('/')[0]!);
      for (const message of content.messages) entity.accept(message, { restoring: true });
      // Numbers are never handed out twice, even when the messages that had them are gone.
      if (target && content.highestSequenceNumber >= target.nextSequenceNumber)
        target.nextSequenceNumber = content.highestSequenceNumber + 1;
      for (const [sessionId, state] of content.sessionStates) entity.restoreSessionState(sessionId, state);
    }
  }

  entityNames(): string[] {
    return [...this.#entities.values()].map((entry) => entry.name);
  }

  // ---- addresses ----------------------------------------------------------------------------------------------

  /** The entity a sender link may target: `<queue>` or `<topic>`. */
  sendTarget(address: string): QueueEntry | TopicEntry | undefined {
    return this.#entities.get(key(address));
  }

  /** The entity a receiver link may read: a queue, `<topic>/Subscriptions/<sub>`, or either's `$DeadLetterQueue`. */
  receivable(address: string): MessageEntity | undefined {
    const parts = address.split('/');
    let deadLetter = false;
    if (parts.length > 1 && parts[parts.length - 1]!.toLowerCase() === '$deadletterqueue') {
      deadLetter = true;
      parts.pop();
    }
    let entity: MessageEntity | undefined;
    if (parts.length === 1) {
      const entry = this.#entities.get(key(parts[0]!));
      entity = entry?.kind === 'queue' ? entry.entity : undefined;
    } else if (parts.length === 3 && parts[1]!.toLowerCase() === 'subscriptions') {
      const entry = this.#entities.get(key(parts[0]!));
      entity = entry?.kind === 'topic' ? entry.subscriptions.get(key(parts[2]!))?.entity : undefined;
    }
    return deadLetter ? entity?.deadLetterQueue : entity;
  }

  /** Adds a rule to the subscription at `path`; it applies to messages sent from now on. */
  addRule(path: string, rule: RuleInput): void {
    const subscription = this.#subscriptionOrThrow(path);
    subscriptionRuleBook.add(subscription, path, rule);
    this.#rulesChanged(path, subscriptionRuleBook.declarations(subscription));
  }

  removeRule(path: string, name: string): void {
    const subscription = this.#subscriptionOrThrow(path);
    subscriptionRuleBook.remove(subscription, path, name);
    this.#rulesChanged(path, subscriptionRuleBook.declarations(subscription));
  }

  /** Replaces a subscription's rules with ones saved earlier; false when it no longer exists. */
  replaceRules(path: string, rules: readonly RuleInput[]): boolean {
    const subscription = this.subscription(path);
    if (!subscription) return false;
    subscriptionRuleBook.replace(subscription, path, rules);
    return true;
  }

  rules(path: string): RuleInput[] {
    return subscriptionRuleBook.declarations(this.#subscriptionOrThrow(path));
  }

  /** Calls `listener` with a subscription's rules after each change made at run time (to keep them). */
  onRulesChanged(listener: (path: string, rules: RuleInput[]) => void): void {
    this.#rulesChanged = listener;
  }

  #subscriptionOrThrow(path: string): SubscriptionEntry {
    const subscription = this.subscription(path);
    if (!subscription) {
      throw new BrokerError('entity-not-found', `The messaging entity '${path}' could not be found.`);
    }
    return subscription;
  }

  /** The subscription at `<topic>/Subscriptions/<sub>`, whose rules can change at run time. */
  subscription(address: string): SubscriptionEntry | undefined {
    const parts = address.split('/');
    if (parts.length !== 3 || parts[1]!.toLowerCase() !== 'subscriptions') return undefined;
    const entry = this.#entities.get(key(parts[0]!));
    return entry?.kind === 'topic' ? entry.subscriptions.get(key(parts[2]!)) : undefined;
  }

  /** True when the address names something in this namespace (used to tell Service Bus from Event Hubs). */
  owns(address: string): boolean {
    const base = address.split('/')[0] ?? '';
    return this.#entities.has(key(base));
  }

  // ---- sending ------------------------------------------------------------------------------------------------

  /**
   * Accepts a send: all messages or none. Validation happens before anything is stored, so a rejected batch
   * leaves no trace. Duplicates (by MessageId, within the window) are accepted and silently dropped.
   */
  send(target: QueueEntry | TopicEntry, messages: EncodedMessage[]): number[] {
    const now = this.#clock.now();
    for (const message of messages) this.#validate(target, message);
    const sequenceNumbers: number[] = [];
    for (const encoded of messages) {
      const stored = this.#toStored(target, encoded, now);
      if (target.settings.requiresDuplicateDetection && stored.messageId !== undefined) {
        if (target.duplicates.seen(stored.messageId, now)) continue;
        this.#journal.messageIdSeen(target.name, stored.messageId, now);
      }
      sequenceNumbers.push(stored.sequenceNumber);
      this.#deliverToTarget(target, stored, 0);
    }
    return sequenceNumbers;
  }

  #validate(target: SendTarget, message: EncodedMessage): void {
    if (message.size > target.settings.maxMessageSizeBytes) {
      throw new BrokerError(
        'message-too-large',
        `The received message (size ${message.size} bytes) exceeds the limit (${target.settings.maxMessageSizeBytes} bytes) of '${target.name}'.`,
      );
    }
    if (
      target.kind === 'queue' &&
      target.settings.requiresSession &&
      message.properties.groupId === undefined
    ) {
      throw new BrokerError(
        'session-required',
        `The SessionId was not set on a message, and it cannot be sent to the entity '${target.name}'. Entities that have session support enabled can only receive messages that have the SessionId set to a valid value.`,
      );
    }
  }

  #toStored(target: SendTarget, sent: EncodedMessage, now: number): StoredMessage {
    // Every message has a MessageId: the service assigns one when the sender did not.
    const encoded =
      sent.properties.messageId === undefined ? withMessageId(sent, randomUUID().replace(/-/g, '')) : sent;
    const scheduled = timestamp(readAnnotation(encoded, 'x-opt-scheduled-enqueue-time'));
    const isScheduled = scheduled !== undefined && scheduled > now;
    const senderTtl = encoded.header.ttl;
    const ttlMs = Math.min(senderTtl ?? Number.POSITIVE_INFINITY, target.settings.defaultTtlMs);
    const enqueuedAt = isScheduled ? scheduled : now;
    const stored: StoredMessage = {
      sequenceNumber: target.nextSequenceNumber++,
      enqueuedAt,
      encoded,
      ttlMs,
      expiresAt: enqueuedAt + ttlMs,
      state: isScheduled ? 'scheduled' : 'active',
      deliveries: 0,
    };
    const messageId = idToString(encoded.properties.messageId);
    if (messageId !== undefined) stored.messageId = messageId;
    if (encoded.properties.groupId !== undefined) stored.sessionId = encoded.properties.groupId;
    if (isScheduled) stored.scheduledAt = scheduled;
    return stored;
  }

  #deliverToTarget(target: QueueEntry | TopicEntry, message: StoredMessage, hops: number): void {
    if (target.kind === 'queue') {
      this.#acceptInto(target.entity, message, hops);
      return;
    }
    for (const subscription of target.subscriptions.values()) {
      const copy = routeToSubscription(subscription.rules, message);
      if (!copy) continue;
      // Each subscription's own DefaultMessageTimeToLive caps its copy, as the topic's caps the message.
      const ttlMs = Math.min(copy.ttlMs, subscription.entity.settings.defaultTtlMs);
      this.#acceptInto(subscription.entity, { ...copy, ttlMs, expiresAt: copy.enqueuedAt + ttlMs }, hops);
    }
  }

  #acceptInto(entity: MessageEntity, message: StoredMessage, hops: number): void {
    if (entity.settings.forwardTo && message.state === 'active') {
      this.#forward(entity.settings.forwardTo, message, hops + 1, entity);
      return;
    }
    if (entity.settings.requiresSession && message.sessionId === undefined) {
      // A topic copy without a session id cannot enter a session-enabled subscription.
      entity.deadLetterOnArrival(message, {
        reason: 'Session ID is null',
        description: 'The message has no SessionId.',
      });
      return;
    }
    entity.accept(message);
  }

  #forward(to: string, message: StoredMessage, hops: number, from?: MessageEntity): void {
    const target = this.sendTarget(to);
    if (!target || hops > maxTransferHops) {
      const reason = target ? 'MaxTransferHopCountExceeded' : 'ForwardToEntityNotFound';
      from?.deadLetterOnArrival(message, {
        reason,
        description: `The message could not be forwarded to '${to}'.`,
      });
      return;
    }
    const forwarded: StoredMessage = {
      ...message,
      sequenceNumber: target.nextSequenceNumber++,
      deliveries: 0,
      gone: false,
    };
    delete forwarded.lock;
    this.#deliverToTarget(target, forwarded, hops);
  }

  /**
   * Schedules messages through $management; returns their sequence numbers. The enqueue time travels in each
   * message's annotations, so this is a send, and an unscheduled message is simply enqueued at once.
   */
  schedule(target: QueueEntry | TopicEntry, messages: EncodedMessage[]): number[] {
    return this.send(target, messages);
  }

  cancelScheduled(target: QueueEntry | TopicEntry, sequenceNumbers: number[]): void {
    if (target.kind === 'queue') target.entity.cancelScheduled(sequenceNumbers);
    else
      for (const subscription of target.subscriptions.values())
        subscription.entity.cancelScheduled(sequenceNumbers);
  }

  // ---- admin --------------------------------------------------------------------------------------------------

  describe(): Array<{
    name: string;
    kind: 'queue' | 'topic';
    counts?: EntityCounts;
    subscriptions?: Array<{ name: string; counts: EntityCounts }>;
  }> {
    return [...this.#entities.values()].map((entry) =>
      entry.kind === 'queue'
        ? { name: entry.name, kind: 'queue', counts: entry.entity.counts() }
        : {
            name: entry.name,
            kind: 'topic',
            subscriptions: [...entry.subscriptions.values()].map((sub) => ({
              name: sub.name,
              counts: sub.entity.counts(),
            })),
          },
    );
  }

  close(): void {
    for (const entry of this.#entities.values()) {
      if (entry.kind === 'queue') entry.entity.close();
      else for (const sub of entry.subscriptions.values()) sub.entity.close();
    }
  }
}

function key(name: string): string {
  return name.toLowerCase();
}

function validName(name: unknown): string {
  if (typeof name !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,259}$/.test(name)) {
    throw new InvalidEntityError(
      `'${String(name)}' is not a valid entity name: letters, digits, '.', '-' and '_', starting with a letter or digit.`,
    );
  }
  return name;
}

function timestamp(value: unknown): number | undefined {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return value;
  return undefined;
}
