import { app } from '@azure/functions';
import { application } from '../shared/composition/application-instance.js';
import { deliveredEventOf } from './translate/event-grid-delivery.js';
import { logSettledMessage } from './translate/log-settled-message.js';

app.eventGrid('notifyCustomer', {
  handler: async (event, context) => {
    const notifications = await application();
    const delivery = deliveredEventOf(event, context);
    logSettledMessage(
      context,
      await notifications.notifyCustomer(delivery),
      `event ${delivery.id ?? '(none)'}`,
    );
  },
});
