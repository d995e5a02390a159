import path from 'node:path';
import { Disposable } from './disposable.js';
import type {
  AppStartContext,
  FunctionCallback,
  FunctionMetadata,
  HookContext,
  HookData,
  LogHookContext,
  PostInvocationContext,
  PreInvocationContext,
  RpcFunctionMetadata,
} from './functions-core-types.js';
import { AzFuncRangeError, AzFuncSystemError } from './worker-errors.js';

/** A function as the worker keeps it after `registerFunction`: the metadata the host reads, and the handler. */
export interface RegisteredFunction {
  readonly id: string;
  readonly name: string;
  readonly metadata: RpcFunctionMetadata & { name: string; bindings: FunctionMetadata['bindings'] };
  readonly callback: FunctionCallback;
}

export interface AppHooks {
  preInvocation: ((context: PreInvocationContext) => unknown)[];
  postInvocation: ((context: PostInvocationContext) => unknown)[];
  appStart: ((context: AppStartContext) => unknown)[];
  appTerminate: ((context: HookContext) => unknown)[];
  log: ((context: LogHookContext) => void)[];
}

/**
 * Everything one app registers through the core module while it loads: functions, hooks and hook data.
 * Registration rules are the worker's (`src/coreApi/registerFunction.ts`, `src/hooks/registerHook.ts`).
 */
export class AppRegistry {
  readonly functions = new Map<string, RegisteredFunction>();
  readonly hooks: AppHooks = {
    preInvocation: [],
    postInvocation: [],
    appStart: [],
    appTerminate: [],
    log: [],
  };
  /** Shared by every hook of the app. */
  readonly appHookData: HookData = {};
  /** `hookData` of the app-level hooks (appStart, appTerminate), shared between them only. */
  readonly appLevelHookData: HookData = {};
  /** The entry point being loaded, to guess `scriptFile` as the worker does. */
  currentEntryPoint: string | undefined;
  #locked = false;

  /** Called once the app has loaded: from then on functions can be neither registered nor disposed. */
  lock(): void {
    this.#locked = true;
  }

  registerFunction(metadata: FunctionMetadata, callback: FunctionCallback): Disposable {
    if (this.#locked) {
      throw new AzFuncSystemError('A function can only be registered during app startup.');
    }
    if (
      typeof metadata?.name !== 'string' ||
      typeof metadata.bindings !== 'object' ||
      metadata.bindings === null
    ) {
      throw new AzFuncSystemError('A function must be registered with a "name" and a "bindings" object.');
    }
    if (typeof callback !== 'function') {
      throw new AzFuncSystemError(`The callback of function "${metadata.name}" must be a function.`);
    }
    const id = metadata.functionId || metadata.name;
    if (this.functions.has(id)) {
      throw new AzFuncSystemError(`A function with id "${id}" has already been registered.`);
    }

    const entryPoint = this.currentEntryPoint;
    this.functions.set(id, {
      id,
      name: metadata.name,
      callback,
      metadata: {
        name: metadata.name,
        functionId: id,
        bindings: metadata.bindings,
        retryOptions: metadata.retryOptions ?? null,
        // What the real host reads: one JSON document per binding, with its name inside.
        rawBindings: Object.entries(metadata.bindings).map(([name, binding]) =>
          JSON.stringify({ ...binding, name }),
        ),
        scriptFile: entryPoint ? path.basename(entryPoint) : 'unknown',
        directory: entryPoint ? path.dirname(entryPoint) : null,
      },
    });

    return new Disposable(() => {
      if (this.#locked) throw new AzFuncSystemError('A function can only be disposed during app startup.');
      this.functions.delete(id);
    });
  }

  registerHook(hookName: string, callback: unknown): Disposable {
    if (typeof callback !== 'function') {
      throw new AzFuncSystemError(`The "${hookName}" hook must be a function.`);
    }
    const hooks = this.#hooksNamed(hookName) as unknown[];
    hooks.push(callback);
    return new Disposable(() => {
      const index = hooks.indexOf(callback);
      if (index > -1) hooks.splice(index, 1);
    });
  }

  #hooksNamed(hookName: string): AppHooks[keyof AppHooks] {
    switch (hookName) {
      case 'preInvocation':
      case 'postInvocation':
      case 'appStart':
      case 'appTerminate':
      case 'log':
        return this.hooks[hookName];
      default:
        throw new AzFuncRangeError(`Unrecognized hook "${hookName}"`);
    }
  }
}
