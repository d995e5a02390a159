import { AzureKeyCredential, EventGridPublisherClient, type CloudEvent } from '@azure/eventgrid';
import type { OrderEventV1 } from '../application/contracts/order-events.js';
import type { EventPublisher } from '../application/ports/event-publisher.js';
import type { EventGridTopicConnection } from '../config/app-config.js';
import { credentialFor } from './azure-credential.js';
import { retryBudgets } from './retry-budgets.js';

/**
 * Publishes order events to the Event Grid topic as CloudEvents 1.0. The trace context travels as the CloudEvents
 * distributed-tracing extension (`traceparent`, `tracestate`), set from the change that caused the event; the SDK
 * fills it in only when an event has none, so the causal chain of an order is never replaced by the publisher's.
 */
export class EventGridEventPublisher implements EventPublisher {
  readonly #client: EventGridPublisherClient<'CloudEvent'>;

  constructor(client: EventGridPublisherClient<'CloudEvent'>) {
    this.#client = client;
  }

  static connect(connection: EventGridTopicConnection): EventGridEventPublisher {
    const credential =
      connection.auth.kind === 'key'
        ? new AzureKeyCredential(connection.auth.key)
        : credentialFor(connection.auth.identity);
    // Only the local emulator is plain http, and it is reached with a key (the config refuses http with a token).
    const allowInsecureConnection = connection.topicEndpoint.startsWith('http://');
    return new EventGridEventPublisher(
      new EventGridPublisherClient(connection.topicEndpoint, 'CloudEvent', credential, {
        allowInsecureConnection,
        retryOptions: retryBudgets.http,
      }),
    );
  }

  async publish(event: OrderEventV1): Promise<void> {
    await this.#client.send([sdkCloudEventOf(event)], {
      abortSignal: AbortSignal.timeout(retryBudgets.sendTimeoutMs),
    });
  }
}

export function sdkCloudEventOf(event: OrderEventV1): CloudEvent<OrderEventV1['data']> {
  return {
    type: event.type,
    source: event.source,
    id: event.id,
    time: new Date(event.time),
    subject: event.subject,
    datacontenttype: 'application/json',
    data: event.data,
    extensionAttributes: {
      ...(event.traceparent === undefined ? {} : { traceparent: event.traceparent }),
      ...(event.tracestate === undefined ? {} : { tracestate: event.tracestate }),
    },
  };
}
