import { app } from '@azure/functions';
import { application } from '../shared/composition/application-instance.js';
import { orderApplicationSettings } from '../shared/composition/order-application-settings.js';

// The outbox's safety net: publishes what a crash or an outage left behind. A failed entry stays pending for the
// next run, so failures are reported, not thrown.
app.timer('sweepOutbox', {
  schedule: orderApplicationSettings.outbox.sweepSchedule,
  handler: async (_timer, context) => {
    const outbox = await application();
    const report = await outbox.sweepOutbox();
    context.log(`Swept ${report.orders} order(s): ${report.dispatched} entr(ies) dispatched.`);
    for (const failure of report.failures) {
      context.warn(
        `Order ${failure.orderId}${failure.entryId ? ` entry ${failure.entryId}` : ''} still pending:`,
        failure.error,
      );
    }
  },
});
