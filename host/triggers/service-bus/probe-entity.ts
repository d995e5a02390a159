import { isServiceBusError, ServiceBusClient } from '@azure/service-bus';
import type { ServiceBusBinding } from './service-bus-binding.js';

/**
 * Checks at start that the trigger's entity exists and its namespace answers, by peeking at it once; returns the
 * problem, or undefined. The host would otherwise keep a listener retrying against nothing.
 */
export async function probeEntity(binding: ServiceBusBinding): Promise<string | undefined> {
  const client = new ServiceBusClient(binding.connectionString, {
    retryOptions: { maxRetries: 0, timeoutInMs: 10_000 },
  });
  const { entity } = binding;
  const receiver =
    'queueName' in entity
      ? client.createReceiver(entity.queueName)
      : client.createReceiver(entity.topicName, entity.subscriptionName);
  try {
    await receiver.peekMessages(1);
    return undefined;
  } catch (error) {
    const where = `function '${binding.fn.name}'`;
    if (isServiceBusError(error) && error.code === 'MessagingEntityNotFound') {
      const kind = 'queueName' in entity ? 'queue' : 'topic subscription';
      return `${where}: the Service Bus ${kind} '${binding.entityPath}' does not exist`;
    }
    return `${where}: Service Bus '${binding.entityPath}' cannot be reached: ${(error as Error).message}`;
  } finally {
    await receiver.close().catch(() => undefined);
    await client.close().catch(() => undefined);
  }
}
