import type { AppRegistry } from './app-registry.js';
import type {
  FunctionCallback,
  HookContext,
  HookData,
  PostInvocationContext,
  PreInvocationContext,
} from './functions-core-types.js';
import { ReadOnlyError } from './worker-errors.js';

// The contexts hooks receive, with the worker's read-only rules (`InvocationHandler.ts`, `startApp.ts`): the data
// objects may be changed in place, never replaced; inputs, callback, result and error may be replaced.

/** Context of appStart and appTerminate hooks; their `hookData` is shared between the two only. */
export function appHookContext(registry: AppRegistry): HookContext {
  return readOnlyHookData(registry, registry.appLevelHookData, {});
}

export function preInvocationContext(
  registry: AppRegistry,
  invocation: {
    hookData: HookData;
    invocationContext: unknown;
    inputs: unknown[];
    functionCallback: FunctionCallback;
  },
): PreInvocationContext {
  return readOnlyHookData(registry, invocation.hookData, {
    invocationContext: invocation.invocationContext,
    inputs: invocation.inputs,
    functionCallback: invocation.functionCallback,
  });
}

export function postInvocationContext(
  registry: AppRegistry,
  invocation: { hookData: HookData; invocationContext: unknown; inputs: unknown[] },
): PostInvocationContext {
  return readOnlyHookData(registry, invocation.hookData, {
    invocationContext: invocation.invocationContext,
    inputs: invocation.inputs,
    result: null,
    error: null,
  });
}

function readOnlyHookData<T extends object>(
  registry: AppRegistry,
  hookData: HookData,
  fields: T,
): T & HookContext {
  const context = { ...fields } as T & HookContext;
  const readOnly = (name: string, value: unknown): PropertyDescriptor => ({
    enumerable: true,
    get: () => value,
    set: () => {
      throw new ReadOnlyError(name);
    },
  });
  Object.defineProperty(context, 'hookData', readOnly('hookData', hookData));
  Object.defineProperty(context, 'appHookData', readOnly('appHookData', registry.appHookData));
  if ('invocationContext' in fields) {
    Object.defineProperty(
      context,
      'invocationContext',
      readOnly('invocationContext', fields.invocationContext),
    );
  }
  return context;
}
