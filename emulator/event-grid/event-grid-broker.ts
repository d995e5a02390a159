import { randomUUID } from 'node:crypto';
import type { Clock, Timer } from '../clock.js';
import type {
  EventSchema,
  FilterDefinition,
  SubscriptionDefinition,
  TopicDefinition,
} from './definitions.js';
import type { DeliveryDispatcher } from './delivery/delivery-dispatcher.js';
import { preparePayloads } from './delivery/delivery-payload.js';
import type { ValidationOutcome } from './delivery/subscription-validation.js';
import type { AcceptedEvent } from './events.js';
import { createEventFilter, type EventFilter } from './filter/subscription-filter.js';

/** ARM's `provisioningState`, as far as a local subscription goes through it. */
export type ProvisioningState = 'Creating' | 'AwaitingManualAction' | 'Succeeded' | 'Failed';

export interface SubscriptionView {
  name: string;
  topic: string;
  provisioningState: ProvisioningState;
  endpointType: SubscriptionDefinition['destination']['endpointType'];
  endpointUrl: string;
  eventDeliverySchema: EventSchema;
  maxEventsPerBatch: number;
  preferredBatchSizeInKilobytes: number;
  retryPolicy: { maxDeliveryAttempts: number; eventTimeToLiveInMinutes: number };
  deadLetterContainer?: string;
  filter: FilterDefinition;
  /** Why the validation handshake failed, when it did. */
  error?: string;
}

export interface TopicView {
  name: string;
  inputSchema: EventSchema;
  authentication: 'none' | 'key' | 'bearer-only';
  subscriptions: SubscriptionView[];
}

export type WebhookValidator = (request: {
  topicName: string;
  subscription: SubscriptionDefinition;
  url: string;
  validationCode: string;
}) => Promise<ValidationOutcome>;

/** A subscription that failed the validation handshake: it exists, in `Failed` state, and receives nothing. */
export class SubscriptionValidationError extends Error {
  readonly code = 'SubscriptionValidationFailed';
  constructor(message: string) {
    super(message);
    this.name = 'SubscriptionValidationError';
  }
}

/** A subscription was put on a topic that does not exist. */
export class UnknownTopicError extends Error {
  readonly code = 'TopicNotFound';
  constructor(topicName: string) {
    super(`Topic '${topicName}' does not exist.`);
    this.name = 'UnknownTopicError';
  }
}

interface SubscriptionState {
  definition: SubscriptionDefinition;
  url: string;
  matches: EventFilter;
  state: ProvisioningState;
  error?: string;
  validationCode?: string;
  manualValidationDeadline?: Timer;
  /** Bumped by every update, so a handshake that finishes after a newer update changes nothing. */
  generation: number;
}

interface TopicState {
  definition: TopicDefinition;
  subscriptions: Map<string, SubscriptionState>;
}

/** Azure gives an endpoint 5 minutes to GET the validation URL. */
const manualValidationWindow = 5 * 60_000;

/**
 * Topics and their event subscriptions, and what publishing means: every event is matched against every
 * validated subscription and handed to the dispatcher in that subscription's batches. No HTTP here; the server
 * and the webhook client are on either side.
 */
export class EventGridBroker {
  readonly #clock: Clock;
  readonly #dispatcher: DeliveryDispatcher;
  readonly #validateWebhook: WebhookValidator;
  #functionsHostUrl: string | undefined;
  #functionsHostKey: string | undefined;
  readonly #log: (line: string) => void;
  readonly #topics = new Map<string, TopicState>();

  constructor(options: {
    clock: Clock;
    dispatcher: DeliveryDispatcher;
    validateWebhook: WebhookValidator;
    functionsHostUrl?: string;
    functionsHostKey?: string;
    log: (line: string) => void;
  }) {
    this.#clock = options.clock;
    this.#dispatcher = options.dispatcher;
    this.#validateWebhook = options.validateWebhook;
    this.#functionsHostUrl = options.functionsHostUrl?.replace(/\/+$/, '');
    this.#functionsHostKey = options.functionsHostKey;
    this.#log = options.log;
  }

  /** Topic names are case-insensitive, as in Azure. */
  topic(name: string): TopicDefinition | undefined {
    return this.#topics.get(name.toLowerCase())?.definition;
  }

  /** Creates or updates a topic; its existing subscriptions stay, as ARM child resources do. */
  putTopic(definition: TopicDefinition): void {
    const existing = this.#topics.get(definition.name.toLowerCase());
    if (existing) existing.definition = definition;
    else this.#topics.set(definition.name.toLowerCase(), { definition, subscriptions: new Map() });
  }

  /**
   * Creates or updates a subscription and runs the validation handshake when its endpoint is new or changed
   * (Azure Function endpoints need none). Resolves once the subscription is `Succeeded` or awaiting the
   * validation URL; rejects with `SubscriptionValidationError` when the endpoint failed the handshake.
   */
  async putSubscription(topicName: string, definition: SubscriptionDefinition): Promise<SubscriptionView> {
    const topic = this.#topics.get(topicName.toLowerCase());
    if (!topic) throw new UnknownTopicError(topicName);
    const key = definition.name.toLowerCase();
    const previous = topic.subscriptions.get(key);
    const url = this.#endpointUrl(definition);
    const alreadyValidated =
      previous?.state === 'Succeeded' &&
      previous.url === url &&
      previous.definition.eventDeliverySchema === definition.eventDeliverySchema;
    previous?.manualValidationDeadline?.cancel();
    const needsHandshake = definition.destination.endpointType === 'WebHook' && !alreadyValidated;
    const state: SubscriptionState = {
      definition,
      url,
      matches: createEventFilter(definition.filter),
      state: needsHandshake ? 'Creating' : 'Succeeded',
      generation: (previous?.generation ?? 0) + 1,
    };
    topic.subscriptions.set(key, state);
    if (needsHandshake) await this.#runHandshake(topic.definition, state);
    if (state.state === 'Failed') throw new SubscriptionValidationError(state.error ?? 'Validation failed.');
    return this.#view(topic.definition, state);
  }

  /** The GET on a validation URL: the asynchronous way to finish the handshake. */
  confirmValidation(topicName: string, subscriptionName: string, validationCode: string): boolean {
    const state = this.#topics
      .get(topicName.toLowerCase())
      ?.subscriptions.get(subscriptionName.toLowerCase());
    if (state?.state !== 'AwaitingManualAction' || state.validationCode !== validationCode) return false;
    state.manualValidationDeadline?.cancel();
    state.state = 'Succeeded';
    this.#log(
      `event-grid: subscription ${topicName}/${subscriptionName} validated through its validation URL`,
    );
    return true;
  }

  /** Fans accepted events out to every validated subscription whose filter they pass. */
  publish(topicName: string, events: AcceptedEvent[]): void {
    const topic = this.#topics.get(topicName.toLowerCase());
    if (!topic) return;
    for (const subscription of topic.subscriptions.values()) {
      if (subscription.state !== 'Succeeded') continue;
      const matched = events.filter(subscription.matches);
      if (matched.length === 0) continue;
      const target = {
        topicName: topic.definition.name,
        subscription: subscription.definition,
        // Read at each attempt: a Functions host that connects (or restarts) later gets the retries.
        get url() {
          return subscription.url;
        },
      };
      for (const payload of preparePayloads(matched, subscription.definition)) {
        this.#dispatcher.dispatch(target, payload);
      }
    }
  }

  topics(): TopicView[] {
    return [...this.#topics.values()].map((topic) => ({
      name: topic.definition.name,
      inputSchema: topic.definition.inputSchema,
      authentication: topic.definition.disableLocalAuth
        ? 'bearer-only'
        : topic.definition.key
          ? 'key'
          : 'none',
      subscriptions: [...topic.subscriptions.values()].map((state) => this.#view(topic.definition, state)),
    }));
  }

  close(): void {
    for (const topic of this.#topics.values()) {
      for (const subscription of topic.subscriptions.values()) {
        subscription.manualValidationDeadline?.cancel();
      }
    }
  }

  async #runHandshake(topic: TopicDefinition, state: SubscriptionState): Promise<void> {
    const validationCode = randomUUID();
    const outcome = await this.#validateWebhook({
      topicName: topic.name,
      subscription: state.definition,
      url: state.url,
      validationCode,
    });
    const current = this.#topics
      .get(topic.name.toLowerCase())
      ?.subscriptions.get(state.definition.name.toLowerCase());
    if (current !== state) return;
    state.state = outcome.state;
    if (outcome.state === 'Failed') {
      state.error = outcome.reason;
      this.#log(
        `event-grid: subscription ${topic.name}/${state.definition.name} failed validation: ${outcome.reason}`,
      );
    }
    if (outcome.state === 'AwaitingManualAction') {
      state.validationCode = validationCode;
      state.manualValidationDeadline = this.#clock.setTimer(
        this.#clock.now() + manualValidationWindow,
        () => {
          state.state = 'Failed';
          state.error = 'The validation URL was not called within 5 minutes.';
        },
      );
    }
  }

  /**
   * Points Azure Function destinations at a (re)started Functions host. Event Grid calls a function's webhook
   * with the host's `eventgrid_extension` system key, as Azure does.
   */
  connectFunctionsHost(target: { url: string; key?: string }): void {
    this.#functionsHostUrl = target.url.replace(/\/+$/, '');
    this.#functionsHostKey = target.key;
    for (const topic of this.#topics.values()) {
      for (const state of topic.subscriptions.values()) {
        if (state.definition.destination.endpointType === 'AzureFunction')
          state.url = this.#endpointUrl(state.definition);
      }
    }
  }

  #endpointUrl(definition: SubscriptionDefinition): string {
    const destination = definition.destination;
    if (destination.endpointType === 'WebHook') return destination.endpointUrl;
    const key = this.#functionsHostKey ? `&code=${encodeURIComponent(this.#functionsHostKey)}` : '';
    return `${this.#functionsHostUrl ?? ''}/runtime/webhooks/eventgrid?functionName=${encodeURIComponent(destination.functionName)}${key}`;
  }

  #view(topic: TopicDefinition, state: SubscriptionState): SubscriptionView {
    const { definition } = state;
    return {
      name: definition.name,
      topic: topic.name,
      provisioningState: state.state,
      endpointType: definition.destination.endpointType,
      endpointUrl: state.url,
      eventDeliverySchema: definition.eventDeliverySchema,
      maxEventsPerBatch: definition.maxEventsPerBatch,
      preferredBatchSizeInKilobytes: definition.preferredBatchSizeInKilobytes,
      retryPolicy: {
        maxDeliveryAttempts: definition.maxDeliveryAttempts,
        eventTimeToLiveInMinutes: definition.eventTimeToLiveInMinutes,
      },
      ...(definition.deadLetterContainer !== undefined
        ? { deadLetterContainer: definition.deadLetterContainer }
        : {}),
      filter: definition.filter,
      ...(state.error !== undefined ? { error: state.error } : {}),
    };
  }
}
