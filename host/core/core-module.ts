import { AsyncLocalStorage } from 'node:async_hooks';
import Module from 'node:module';
import type { AppRegistry } from './app-registry.js';
import { Disposable } from './disposable.js';
import type {
  FunctionCallback,
  FunctionMetadata,
  ProgrammingModel,
  RpcLogCategory,
  RpcLogLevel,
} from './functions-core-types.js';
import { AzFuncSystemError } from './worker-errors.js';

/** The versions this host reports through the core module; informational only, nothing in the library parses them. */
export const workerVersion = '3.10.1-local';
export const hostVersion = '4.0.0-local';

/** The host side of one loaded app, as the core module sees it. */
export interface AppScope {
  readonly registry: AppRegistry;
  /** `coreApi.log`: logs written outside an invocation (the library's own system logs, mostly). */
  log(level: RpcLogLevel, category: RpcLogCategory, message: string): void;
}

/**
 * Code of an app runs inside its scope (loading, hooks, invocations), so the process-wide core module can tell
 * which app a registration or a log belongs to, even with several hosts in one process (tests). While the process
 * runs one app, as the worker always does, that app's code needs no async context to be told apart: the storage is
 * switched off then, because while it is on every promise in the process pays for it.
 */
const scopes = new AsyncLocalStorage<AppScope>();
/** Apps loaded and not yet terminated. */
const liveScopes = new Set<AppScope>();
/** Runs inside the async storage not yet settled; it is switched off when none is left. */
let scopedRuns = 0;

function currentScope(): AppScope | undefined {
  const scope = scopes.getStore();
  if (scope || liveScopes.size !== 1) return scope;
  return liveScopes.values().next().value;
}

// One per process, as in the worker: `@azure/functions` sets its model once, on its first registration.
let programmingModel: ProgrammingModel | undefined;

const coreApi = {
  version: workerVersion,
  get hostVersion(): string {
    return hostVersion;
  },
  registerFunction(metadata: FunctionMetadata, callback: FunctionCallback): Disposable {
    const scope = currentScope();
    if (!scope) throw new AzFuncSystemError('A function can only be registered during app startup.');
    return scope.registry.registerFunction(metadata, callback);
  },
  registerHook(hookName: string, callback: unknown): Disposable {
    const scope = currentScope();
    if (!scope)
      throw new AzFuncSystemError(`A "${hookName}" hook can only be registered by an app the host runs.`);
    return scope.registry.registerHook(hookName, callback);
  },
  setProgrammingModel(model: ProgrammingModel): void {
    currentScope()?.log(
      'information',
      'system',
      `Setting Node.js programming model to "${model.name}" version "${model.version}"`,
    );
    programmingModel = model;
  },
  getProgrammingModel(): ProgrammingModel | undefined {
    return programmingModel;
  },
  log(level: RpcLogLevel, category: RpcLogCategory, message: string): void {
    currentScope()?.log(level, category, message);
  },
  Disposable,
};

let installed = false;

/**
 * Provides `@azure/functions-core` exactly as the Node worker does (`src/setupCoreModule.ts`): a proxy on
 * `Module.prototype.require` answers that one specifier. ESM apps are covered too, because `@azure/functions` is a
 * CommonJS bundle that `require`s the core module. Idempotent.
 */
export function installCoreModule(): void {
  if (installed) return;
  installed = true;
  const prototype = Module.prototype as { require: (this: Module, id: string) => unknown };
  prototype.require = new Proxy(prototype.require, {
    apply(target, thisArg: Module, args: [string]): unknown {
      return args[0] === '@azure/functions-core'
        ? coreApi
        : Reflect.apply<Module, [string], unknown>(target, thisArg, args);
    },
  });
}

/** Runs app code (loading, a hook, an invocation) inside the app's scope. */
export function runInAppScope<T>(scope: AppScope, run: () => T): T {
  if (liveScopes.size === 1 && liveScopes.has(scope)) return run();
  scopedRuns++;
  let result: T;
  try {
    result = scopes.run(scope, run);
  } catch (error) {
    endScopedRun();
    throw error;
  }
  if (result instanceof Promise) result.then(endScopedRun, endScopedRun);
  else endScopedRun();
  return result;
}

function endScopedRun(): void {
  scopedRuns--;
  if (scopedRuns === 0) scopes.disable();
}

/** The app is loaded: code outside any scoped run belongs to it while it is the only one. */
export function markAppLive(scope: AppScope): void {
  liveScopes.add(scope);
}

/** The app is terminated. */
export function markAppEnded(scope: AppScope): void {
  liveScopes.delete(scope);
}

/** The programming model the app set while loading (or an earlier app in this process, as in the worker). */
export function currentProgrammingModel(): ProgrammingModel | undefined {
  return programmingModel;
}
