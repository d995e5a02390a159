import { app } from '@azure/functions';
import { application } from '../shared/composition/application-instance.js';
import { deliveredEventOf } from './translate/event-grid-delivery.js';
import { logSettledMessage } from './translate/log-settled-message.js';

// Event Grid pushes each order event here; throwing answers 500 and Event Grid retries on its schedule.
app.eventGrid('projectOrderHistory', {
  handler: async (event, context) => {
    const history = await application();
    const delivery = deliveredEventOf(event, context);
    logSettledMessage(
      context,
      await history.projectOrderHistory(delivery),
      `event ${delivery.id ?? '(none)'}`,
    );
  },
});
