import type { AppRegistry } from './app-registry.js';
import type { HookData, LogHookContext, RpcLogCategory, RpcLogLevel } from './functions-core-types.js';
import { ReadOnlyError } from './worker-errors.js';

/** What a log hook sees of the invocation that wrote the log, once the invocation context exists. */
export interface InvocationLogContext {
  hookData: HookData;
  invocationContext: unknown;
}

export interface WorkerLog {
  level: RpcLogLevel;
  category: RpcLogCategory;
  message: string;
}

/**
 * Runs the app's `log` hooks on one log, as the worker does (`WorkerContext.log`): hooks may rewrite the level and
 * message of user logs only, and a throwing hook never stops a log.
 */
export function applyLogHooks(
  registry: AppRegistry,
  log: WorkerLog,
  invocation?: InvocationLogContext,
): WorkerLog {
  if (registry.hooks.log.length === 0) return log;
  const context = createLogHookContext(registry, log, invocation);
  try {
    for (const hook of registry.hooks.log) hook(context);
  } catch {
    return log;
  }
  return log.category === 'user' ? { ...log, level: context.level, message: context.message } : log;
}

function createLogHookContext(
  registry: AppRegistry,
  log: WorkerLog,
  invocation?: InvocationLogContext,
): LogHookContext {
  const hookData = invocation?.hookData ?? {};
  return {
    level: log.level,
    message: log.message,
    get category() {
      return log.category;
    },
    set category(_value) {
      throw new ReadOnlyError('category');
    },
    get hookData() {
      return hookData;
    },
    set hookData(_value) {
      throw new ReadOnlyError('hookData');
    },
    get appHookData() {
      return registry.appHookData;
    },
    set appHookData(_value) {
      throw new ReadOnlyError('appHookData');
    },
    get invocationContext() {
      return invocation?.invocationContext;
    },
    set invocationContext(_value) {
      throw new ReadOnlyError('invocationContext');
    },
  };
}
