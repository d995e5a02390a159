import { ServiceBusClient, type ServiceBusSender } from '@azure/service-bus';
import type { MessagingConnection } from '../../config/app-config.js';
import { credentialFor } from '../azure-credential.js';
import { retryBudgets } from '../retry-budgets.js';

/**
 * One Service Bus client per instance (one AMQP connection) and one sender per queue, created on first use and kept:
 * opening a link costs a round trip, and a Functions instance sends to the same few queues for its whole life.
 */
export class ServiceBusSenders {
  readonly #client: ServiceBusClient;
  readonly #senders = new Map<string, ServiceBusSender>();

  constructor(client: ServiceBusClient) {
    this.#client = client;
  }

  static connect(connection: MessagingConnection): ServiceBusSenders {
    const options = { retryOptions: retryBudgets.amqp };
    return new ServiceBusSenders(
      connection.kind === 'connectionString'
        ? new ServiceBusClient(connection.connectionString, options)
        : new ServiceBusClient(
            connection.fullyQualifiedNamespace,
            credentialFor(connection.identity),
            options,
          ),
    );
  }

  senderFor(queue: string): ServiceBusSender {
    let sender = this.#senders.get(queue);
    if (sender === undefined) {
      sender = this.#client.createSender(queue);
      this.#senders.set(queue, sender);
    }
    return sender;
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.#senders.values()].map((sender) => sender.close()));
    this.#senders.clear();
    await this.#client.close();
  }
}
