import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { RegisteredFunction } from '../core/app-registry.js';
import { runInAppScope } from '../core/core-module.js';
import type {
  RpcInvocationResponse,
  RpcParameterBinding,
  RpcRetryContext,
  RpcTypedData,
} from '../core/functions-core-types.js';
import type { Logger } from '../host-log.js';
import type { LoadedApp } from '../loading/load-app.js';
import { formatTimeSpan } from '../settings/time-span.js';
import { toError } from '../to-error.js';
import { invocationTraceContext } from './trace-context.js';
import { invokeInWorker } from './worker-invocation.js';

/** What a trigger hands the host for one invocation: the payload, shaped as the real host sends it. */
export interface TriggerInvocation {
  inputData: RpcParameterBinding[];
  triggerMetadata?: Record<string, RpcTypedData>;
  /** Why the function runs, for the "Executing" line (the host's trigger reason). */
  reason: string;
  /** A line logged after "Executing" describing the trigger's input, as some extensions log one. */
  details?: string;
  /** The caller's W3C trace context, when the trigger carried one. */
  traceParent?: string | undefined;
  traceState?: string | undefined;
  retryContext?: RpcRetryContext;
}

export type InvocationOutcome =
  | { succeeded: true; invocationId: string; response: RpcInvocationResponse }
  | { succeeded: false; invocationId: string; error: Error };

/** The function ran longer than host.json `functionTimeout`. */
export class FunctionTimeoutError extends Error {
  override readonly name = 'FunctionTimeoutError';
}

/**
 * The host side of an invocation: an id, a trace context, the "Executing"/"Executed" lines, `functionTimeout`, and
 * the app's own logs attributed to the invocation. A failing function yields a failed outcome, never a throw, so
 * no trigger can be taken down by an app.
 */
export class FunctionExecutor {
  readonly #app: LoadedApp;
  readonly #logger: Logger;
  readonly #clock: Clock;
  readonly #timeoutMs: number | undefined;

  constructor(options: {
    app: LoadedApp;
    logger: Logger;
    clock: Clock;
    functionTimeoutMs?: number | undefined;
  }) {
    this.#app = options.app;
    this.#logger = options.logger;
    this.#clock = options.clock;
    this.#timeoutMs = options.functionTimeoutMs;
  }

  async execute(fn: RegisteredFunction, trigger: TriggerInvocation): Promise<InvocationOutcome> {
    const invocationId = randomUUID();
    const category = `Function.${fn.name}`;
    const write = (level: 'information' | 'error', message: string): void =>
      this.#logger.write({ level, category, message, functionName: fn.name, invocationId });

    write('information', `Executing 'Functions.${fn.name}' (Reason='${trigger.reason}', Id=${invocationId})`);
    if (trigger.details) write('information', trigger.details);
    const started = this.#clock.now();
    const invocation = runInAppScope(this.#app.scope, () =>
      invokeInWorker({
        app: this.#app,
        fn,
        request: {
          invocationId,
          functionId: fn.id,
          inputData: trigger.inputData,
          triggerMetadata: trigger.triggerMetadata ?? {},
          traceContext: invocationTraceContext(fn.name, trigger),
          retryContext: trigger.retryContext ?? null,
        },
        log: (level, logCategory, message) =>
          this.#logger.write({
            level,
            category: logCategory === 'user' ? `${category}.User` : category,
            message,
            functionName: fn.name,
            invocationId,
          }),
      }),
    );

    let outcome: InvocationOutcome;
    try {
      outcome = {
        succeeded: true,
        invocationId,
        response: await this.#withTimeout(invocation, fn, invocationId),
      };
    } catch (thrown) {
      outcome = { succeeded: false, invocationId, error: toError(thrown) };
    }

    const duration = Math.round(this.#clock.now() - started);
    if (outcome.succeeded) {
      write(
        'information',
        `Executed 'Functions.${fn.name}' (Succeeded, Id=${invocationId}, Duration=${duration}ms)`,
      );
    } else {
      write('error', `Executed 'Functions.${fn.name}' (Failed, Id=${invocationId}, Duration=${duration}ms)`);
      write('error', describeFailure(fn.name, outcome.error));
    }
    return outcome;
  }

  #withTimeout<T>(work: Promise<T>, fn: RegisteredFunction, invocationId: string): Promise<T> {
    const timeoutMs = this.#timeoutMs;
    if (timeoutMs === undefined) return work;
    return new Promise<T>((resolve, reject) => {
      const timer = this.#clock.setTimer(this.#clock.now() + timeoutMs, () =>
        reject(
          new FunctionTimeoutError(
            `Timeout value of ${formatTimeSpan(timeoutMs)} exceeded by function 'Functions.${fn.name}' ` +
              `(Id: '${invocationId}'). Initiating cancellation.`,
          ),
        ),
      );
      work.then(
        (value) => {
          timer.cancel();
          resolve(value);
        },
        (error: unknown) => {
          timer.cancel();
          reject(toError(error));
        },
      );
    });
  }
}

function describeFailure(functionName: string, error: Error): string {
  if (error instanceof FunctionTimeoutError) return error.message;
  return (
    `Exception while executing function: Functions.${functionName}. Result: Failure\n` +
    `Exception: ${error.message}\nStack: ${error.stack ?? ''}`
  );
}
