import type { AppConfig } from '../config/app-config.js';
import { loadConfig } from '../config/load-config.js';
import { createOrderApplication } from './create-order-application.js';
import type { OrderApplication } from './order-application.js';

interface Instance {
  readonly config: AppConfig;
  application?: Promise<OrderApplication>;
}

let instance: Instance | undefined;

/**
 * The configuration of this Functions instance, parsed from the app settings on first use. The function files call
 * it while they register, so a bad setting stops the app at load, with every problem listed, not at the first
 * request that needs it.
 */
export function instanceConfig(): AppConfig {
  instance ??= { config: loadConfig(process.env) };
  return instance.config;
}

/**
 * The application of this instance, created once with its clients and reused by every invocation. A failed start
 * (storage unreachable, say) is not kept: the next invocation tries again, as a transient failure should.
 */
export function application(): Promise<OrderApplication> {
  const current = (instance ??= { config: loadConfig(process.env) });
  current.application ??= createOrderApplication(current.config).catch((error: unknown) => {
    current.application = undefined;
    throw error;
  });
  return current.application;
}

/**
 * Closes the instance's application (flushing telemetry) and forgets the configuration, so a host that loads the app
 * again, as a test's next host does, starts from the settings it is given.
 */
export async function closeApplication(): Promise<void> {
  const closing = instance;
  instance = undefined;
  const app = await closing?.application?.catch(() => undefined);
  await app?.close();
}
