import type { ServiceBusReceivedMessage, ServiceBusReceiver } from '@azure/service-bus';
import type { Logger } from '../../host-log.js';
import type { FunctionExecutor } from '../../invocation/function-executor.js';
import { messagePayload } from './message-payload.js';
import type { ServiceBusBinding } from './service-bus-binding.js';

/**
 * Runs the function for one peek-locked message and settles it as the extension does: a failure is abandoned in
 * every case (the extension rethrows, and the SDK's processor abandons what is still unsettled), so the entity
 * redelivers it until its maxDeliveryCount, then dead-letters it; a success is completed with `autoCompleteMessages`,
 * and otherwise left alone: a Node function cannot settle, so the lock runs out and the message comes back, exactly
 * as on Azure.
 */
export async function handleMessage(options: {
  binding: ServiceBusBinding;
  message: ServiceBusReceivedMessage;
  receiver: Pick<ServiceBusReceiver, 'completeMessage' | 'abandonMessage'>;
  autoComplete: boolean;
  executor: FunctionExecutor;
  logger: Logger;
}): Promise<void> {
  const { binding, message, receiver, executor, logger } = options;
  const payload = messagePayload(message, { triggerName: binding.triggerName, dataType: binding.dataType });
  // The extension gives no trigger reason; the host prints it as "(null)".
  const outcome = await executor.execute(binding.fn, { ...payload, reason: '(null)' });
  if (outcome.succeeded && !options.autoComplete) return;
  try {
    if (outcome.succeeded) await receiver.completeMessage(message);
    else await receiver.abandonMessage(message);
  } catch (error) {
    const action = outcome.succeeded ? 'complete' : 'abandon';
    logger.host(
      'warning',
      `Could not ${action} message '${String(message.messageId)}' of '${binding.entityPath}' for 'Functions.${binding.fn.name}': ` +
        `${(error as Error).message}`,
    );
  }
}
