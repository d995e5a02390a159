import { app } from '@azure/functions';
import { application, closeApplication } from '../shared/composition/application-instance.js';

// Build the application when the instance starts, so the first request does not pay for it. A failure here (storage
// unreachable) is logged, not fatal: the first invocation that needs the application tries again.
app.hook.appStart(async () => {
  await application().catch((error: unknown) => console.error('The application could not start yet:', error));
});

// Flush buffered telemetry and close the clients before the instance goes away.
app.hook.appTerminate(() => closeApplication());
