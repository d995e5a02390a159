import type { RegisteredFunction } from '../core/app-registry.js';
import type {
  CoreInvocationContext,
  InvocationState,
  RpcInvocationRequest,
  RpcInvocationResponse,
  RpcLogCategory,
  RpcLogLevel,
} from '../core/functions-core-types.js';
import { postInvocationContext, preInvocationContext } from '../core/hook-contexts.js';
import { applyLogHooks, type InvocationLogContext } from '../core/log-hooks.js';
import { AzFuncSystemError } from '../core/worker-errors.js';
import { toError } from '../to-error.js';
import type { LoadedApp } from '../loading/load-app.js';

export interface WorkerInvocation {
  app: LoadedApp;
  fn: RegisteredFunction;
  request: RpcInvocationRequest & { invocationId: string };
  /** A log the invocation wrote (`context.log`, or the library's system logs), after the app's log hooks. */
  log(level: Exclude<RpcLogLevel, 'none'>, category: RpcLogCategory, message: string): void;
}

/**
 * One invocation on the worker side, step for step as the worker's `InvocationHandler`: the programming model builds
 * the arguments, preInvocation hooks may replace inputs and handler, the handler runs, postInvocation hooks may
 * replace result and error, then the model converts the result into the response. Throws what the function threw.
 * Must run inside the app's scope.
 */
export async function invokeInWorker(invocation: WorkerInvocation): Promise<RpcInvocationResponse> {
  const { app, fn, request } = invocation;
  const registry = app.registry;
  // Log hooks see the invocation context once the model has built it.
  const logContext: { current?: InvocationLogContext } = {};

  const coreContext: CoreInvocationContext = {
    invocationId: request.invocationId,
    request,
    metadata: fn.metadata,
    log(level, category, message) {
      const hooked = applyLogHooks(registry, { level, category, message }, logContext.current);
      if (hooked.level !== 'none') invocation.log(hooked.level, category, hooked.message);
    },
  };

  if (!app.programmingModel) throw new AzFuncSystemError('The app set no programming model.');
  const model = await app.programmingModel.getInvocationModel(coreContext);
  const hookData = {};
  const { context, inputs } = await model.getArguments();
  logContext.current = { hookData, invocationContext: context };

  // Hook contexts are built only when hooks exist: nothing else can observe them, and the HTTP path feels the cost.
  const { preInvocation, postInvocation } = registry.hooks;
  let handlerInputs = inputs;
  let handler = fn.callback;
  if (preInvocation.length > 0) {
    const pre = preInvocationContext(registry, {
      hookData,
      invocationContext: context,
      inputs,
      functionCallback: fn.callback,
    });
    await runHooks(coreContext, 'preInvocationHooks', preInvocation, pre);
    handlerInputs = pre.inputs;
    handler = pre.functionCallback;
  }

  let result: unknown = null;
  let error: unknown = null;
  coreContext.state = 'invocation';
  try {
    result = await model.invokeFunction(context, handlerInputs, handler);
  } catch (thrown) {
    error = thrown;
  } finally {
    coreContext.state = undefined;
  }

  if (postInvocation.length > 0) {
    const post = postInvocationContext(registry, {
      hookData,
      invocationContext: context,
      inputs: handlerInputs,
    });
    post.result = result;
    post.error = error;
    await runHooks(coreContext, 'postInvocationHooks', postInvocation, post);
    result = post.result;
    error = post.error;
  }

  // As in the worker, anything but null or undefined counts as an error, so a hook can clear one.
  if (error !== null && error !== undefined) throw toError(error);
  return model.getResponse(context, result);
}

/** Runs hooks one after another, with the core context in the hooks' state, as the worker does. */
async function runHooks<C>(
  coreContext: CoreInvocationContext,
  state: InvocationState,
  hooks: readonly ((context: C) => unknown)[],
  context: C,
): Promise<void> {
  coreContext.state = state;
  try {
    for (const hook of hooks) await hook(context);
  } finally {
    coreContext.state = undefined;
  }
}
