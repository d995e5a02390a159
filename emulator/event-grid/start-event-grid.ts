import type { Clock } from '../clock.js';
import type { AdminRoute } from '../admin/admin-route.js';
import { eventGridAdminRoutes } from './admin-routes.js';
import type { EventSubscriptionInput, TopicInput } from './config/event-grid-config.js';
import type { ConfigEnvironment } from './config/config-environment.js';
import { parseEventGridConfig, parseSubscription, parseTopic } from './config/parse-event-grid-config.js';
import type { DeclaredTopic } from './definitions.js';
import { createBlobWriter, type DeadLetterStorage } from './dead-letter/blob-writer.js';
import { DeadLetterStore, type DeadLetterView } from './dead-letter/dead-letter-store.js';
import { DeliveryDispatcher, type PendingDeliveryView } from './delivery/delivery-dispatcher.js';
import { validateWebhook } from './delivery/subscription-validation.js';
import { createWebhookClient } from './delivery/webhook-client.js';
import {
  EventGridBroker,
  UnknownTopicError,
  type SubscriptionView,
  type TopicView,
} from './event-grid-broker.js';
import { listenDualProtocol } from './http/dual-protocol-server.js';
import { createEventGridHttpHandler } from './http/event-grid-http-handler.js';
import { createLocalCertificate } from './http/local-certificate.js';

export type { AdminRoute } from '../admin/admin-route.js';
export type { EventGridConfigInput, EventSubscriptionInput, TopicInput } from './config/event-grid-config.js';
export { EventGridConfigError } from './config/parse-event-grid-config.js';
export type { DeadLetterStorage } from './dead-letter/blob-writer.js';
export { SubscriptionValidationError, UnknownTopicError } from './event-grid-broker.js';

export interface EventGridOptions {
  /** The parsed `UserConfig.EventGrid` section of the emulator config file. */
  config?: unknown;
  /** Loopback port for http and https alike; 0 lets the OS choose (tests). */
  port: number;
  clock: Clock;
  /** Base URL of the local Functions host, for `AzureFunction` destinations. */
  functionsHostUrl?: string;
  /** The host's `eventgrid_extension` system key, sent as `code` on every delivery to a function. */
  functionsHostKey?: string;
  /**
   * Accept Azure Function subscriptions before the host is known; deliveries fail (and are retried) until
   * `connectFunctionsHost` is called. For a host that starts after the emulator.
   */
  functionsHostLater?: boolean;
  /** The storage account (Azurite) that holds dead-letter containers. */
  deadLetterStorage?: DeadLetterStorage;
  /** Divides every retry wait, event time-to-live and dead-letter delay; 1 (the default) is Azure's timing. */
  retryTimeScale?: number;
  log?: (line: string) => void;
}

export interface EventGridDescription {
  topics: (TopicView & { endpoint: string })[];
  pendingDeliveries: PendingDeliveryView[];
  deadLetters: DeadLetterView[];
}

export interface RunningEventGrid {
  /** `http://127.0.0.1:<port>`; the same port answers https (see `certificate`). */
  url: string;
  httpsUrl: string;
  /** PEM of the self-signed certificate served on https, for clients to trust. */
  certificate: string;
  /** Where the SDK publishes: `<url>/<topic>/api/events` (pass `{ https: true }` for bearer-token clients). */
  topicEndpoint(name: string, options?: { https?: boolean }): string;
  createTopic(topic: TopicInput): Promise<TopicView>;
  createSubscription(topicName: string, subscription: EventSubscriptionInput): Promise<SubscriptionView>;
  describe(): EventGridDescription;
  /** Points Azure Function subscriptions at the local Functions host (and its Event Grid system key). */
  connectFunctionsHost(target: { url: string; key?: string }): void;
  /** Routes for the emulator's admin server. */
  adminRoutes: AdminRoute[];
  /** Stops listening and aborts every pending delivery; safe to call more than once. */
  close(): Promise<void>;
}

/**
 * Starts the Event Grid emulator: custom topics on one loopback port, push delivery to webhooks and to the local
 * Functions host, retries on Event Grid's schedule and dead-letters into blob storage. Configuration problems are
 * all reported at once, in an `EventGridConfigError`, before anything listens.
 */
export async function startEventGrid(options: EventGridOptions): Promise<RunningEventGrid> {
  const retryTimeScale = options.retryTimeScale ?? 1;
  if (!(retryTimeScale > 0) || !Number.isFinite(retryTimeScale)) {
    throw new RangeError(`retryTimeScale must be a positive number, got ${retryTimeScale}`);
  }
  const environment: ConfigEnvironment = {
    canDeliverToFunctions: options.functionsHostUrl !== undefined || options.functionsHostLater === true,
    canDeadLetter: options.deadLetterStorage !== undefined,
  };
  const declared = parseEventGridConfig(options.config, environment);
  const { clock } = options;
  const log = options.log ?? (() => {});
  const shutdown = new AbortController();

  const webhooks = createWebhookClient(clock);
  const deadLetters = new DeadLetterStore({
    clock,
    retryTimeScale,
    log,
    ...(options.deadLetterStorage
      ? { writer: createBlobWriter(options.deadLetterStorage, () => clock.now()) }
      : {}),
  });
  const dispatcher = new DeliveryDispatcher({
    clock,
    retryTimeScale,
    log,
    undelivered: deadLetters,
    send: async (request, signal) => {
      const result = await webhooks.exchange(request, { signal });
      return result.kind === 'response' ? { kind: 'response', status: result.response.status } : result;
    },
  });
  // Known once the server listens; validation URLs are only made after that, for config and runtime alike.
  let url = '';
  const broker = new EventGridBroker({
    clock,
    dispatcher,
    log,
    ...(options.functionsHostUrl !== undefined ? { functionsHostUrl: options.functionsHostUrl } : {}),
    ...(options.functionsHostKey !== undefined ? { functionsHostKey: options.functionsHostKey } : {}),
    validateWebhook: ({ topicName, subscription, url: endpoint, validationCode }) =>
      validateWebhook({
        exchange: (request, exchangeOptions) => webhooks.exchange(request, exchangeOptions),
        topicName,
        subscription,
        url: endpoint,
        validationCode,
        validationUrl:
          `${url}/${encodeURIComponent(topicName)}/eventSubscriptions/${encodeURIComponent(subscription.name)}` +
          `/validate?id=${validationCode}`,
        now: clock.now(),
        signal: shutdown.signal,
      }),
  });

  const tls = createLocalCertificate(new Date(clock.now()));
  const server = await listenDualProtocol({
    port: options.port,
    tls: { key: tls.privateKey, cert: tls.certificate },
    handler: createEventGridHttpHandler({ broker, clock }),
  });
  url = `http://127.0.0.1:${server.port}`;
  const httpsUrl = `https://127.0.0.1:${server.port}`;

  /** Declares a topic and its subscriptions; handshakes run side by side. */
  const declare = async ({
    topic,
    subscriptions,
  }: DeclaredTopic): Promise<PromiseSettledResult<SubscriptionView>[]> => {
    broker.putTopic(topic);
    return Promise.allSettled(
      subscriptions.map((subscription) => broker.putSubscription(topic.name, subscription)),
    );
  };
  const topicView = (name: string): TopicView => {
    const view = broker.topics().find((topic) => topic.name.toLowerCase() === name.toLowerCase());
    if (!view) throw new UnknownTopicError(name);
    return view;
  };

  // A webhook that is not up yet fails its handshake but must not stop the emulator: it is logged, shown by
  // describe(), and a later createSubscription retries it.
  await Promise.all(declared.map(declare));

  let closing: Promise<void> | undefined;
  const api: Omit<RunningEventGrid, 'adminRoutes'> = {
    url,
    httpsUrl,
    certificate: tls.certificate,
    topicEndpoint: (name, endpointOptions) =>
      `${endpointOptions?.https ? httpsUrl : url}/${encodeURIComponent(name)}/api/events`,
    async createTopic(input) {
      const results = await declare(parseTopic(input, environment));
      const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
      if (failure) throw failure.reason;
      return topicView(input.name);
    },
    async createSubscription(topicName, input) {
      const topic = broker.topic(topicName);
      if (!topic) throw new UnknownTopicError(topicName);
      return broker.putSubscription(topic.name, parseSubscription(input, topic, environment));
    },
    connectFunctionsHost: (target) => broker.connectFunctionsHost(target),
    describe: () => ({
      topics: broker.topics().map((topic) => ({ ...topic, endpoint: api.topicEndpoint(topic.name) })),
      pendingDeliveries: dispatcher.pending(),
      deadLetters: deadLetters.list(),
    }),
    close() {
      closing ??= (async () => {
        shutdown.abort();
        dispatcher.close();
        deadLetters.close();
        broker.close();
        webhooks.close();
        await server.close();
      })();
      return closing;
    },
  };
  return { ...api, adminRoutes: eventGridAdminRoutes(api) };
}
