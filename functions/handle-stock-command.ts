import { app } from '@azure/functions';
import { connectionNames } from '../shared/config/app-config.js';
import { application, instanceConfig } from '../shared/composition/application-instance.js';
import { incomingMessageOf } from './translate/service-bus-message.js';
import { logSettledMessage } from './translate/log-settled-message.js';

// The stock worker. Returning completes the command (done, or parked as invalid with its reason); throwing is a
// transient failure, and the queue redelivers it (docs/decisions/0002).
app.serviceBusQueue('handleStockCommand', {
  connection: connectionNames.serviceBus,
  queueName: instanceConfig().entities.stockCommandsQueue,
  handler: async (body, context) => {
    const stock = await application();
    const message = incomingMessageOf(body, context);
    logSettledMessage(
      context,
      await stock.handleStockCommand(message),
      `message ${message.messageId ?? '(none)'}`,
    );
  },
});
