import type { RegisteredFunction } from '../core/app-registry.js';
import type {
  CoreInvocationContext,
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

  const pre = preInvocationContext(registry, {
    hookData,
    invocationContext: context,
    inputs,
    functionCallback: fn.callback,
  });
  coreContext.state = 'preInvocationHooks';
  try {
    for (const hook of registry.hooks.preInvocation) await hook(pre);
  } finally {
    coreContext.state = undefined;
  }

  const post = postInvocationContext(registry, { hookData, invocationContext: context, inputs: pre.inputs });
  coreContext.state = 'invocation';
  try {
    post.result = await model.invokeFunction(context, pre.inputs, pre.functionCallback);
  } catch (error) {
    post.error = error;
  } finally {
    coreContext.state = undefined;
  }

  coreContext.state = 'postInvocationHooks';
  try {
    for (const hook of registry.hooks.postInvocation) await hook(post);
  } finally {
    coreContext.state = undefined;
  }

  // As in the worker, anything but null or undefined counts as an error, so a hook can clear one.
  if (post.error !== null && post.error !== undefined) throw toError(post.error);
  return model.getResponse(context, post.result);
}
