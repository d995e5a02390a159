import { app } from '@azure/functions';
import { connectionNames } from '../shared/config/app-config.js';
import { application, instanceConfig } from '../shared/composition/application-instance.js';
import { incomingMessageOf } from './translate/service-bus-message.js';
import { logSettledMessage } from './translate/log-settled-message.js';

// Replies come in sessions (SessionId = order id): one order's replies are applied in order, one at a time.
app.serviceBusQueue('applyStockReply', {
  connection: connectionNames.serviceBus,
  queueName: instanceConfig().entities.stockRepliesQueue,
  isSessionsEnabled: true,
  handler: async (body, context) => {
    const orders = await application();
    const message = incomingMessageOf(body, context);
    logSettledMessage(
      context,
      await orders.applyStockReply(message),
      `message ${message.messageId ?? '(none)'}`,
    );
  },
});
