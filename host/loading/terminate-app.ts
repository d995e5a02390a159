import { markAppEnded, runInAppScope } from '../core/core-module.js';
import { appHookContext } from '../core/hook-contexts.js';
import type { Logger } from '../host-log.js';
import { toError } from '../to-error.js';
import type { LoadedApp } from './load-app.js';

/** Runs the app's appTerminate hooks in order, as the worker does on shutdown; a failing hook is logged, not thrown. */
export async function terminateApp(app: LoadedApp, logger: Logger): Promise<void> {
  const context = appHookContext(app.registry);
  await runInAppScope(app.scope, async () => {
    for (const hook of app.registry.hooks.appTerminate) {
      try {
        await hook(context);
      } catch (error) {
        logger.host('error', `An appTerminate hook failed: ${toError(error).message}`);
      }
    }
  });
  markAppEnded(app.scope);
}
