import type { Clock } from '../clock.js';
import type { RpcDuration, RpcRetryContext, RpcRetryOptions } from '../core/functions-core-types.js';
import type { HostConfig } from '../settings/host-config.js';
import type { InvocationOutcome } from './function-executor.js';

/** A runtime retry policy (function `retry` option or host.json `retry`); `maxRetryCount` -1 retries forever. */
export interface RetryPolicy {
  readonly maxRetryCount: number;
  /** Delay before retry number `retryCount` (1 for the first retry). */
  delayMs(retryCount: number): number;
}

/** A function's retry options as the library registers them, checked as the host's `ValidateRetryOptions` does. */
export function retryPolicyFromOptions(
  options: RpcRetryOptions | null | undefined,
  problems: string[],
  where: string,
): RetryPolicy | undefined {
  if (!options) return undefined;
  return buildPolicy(
    {
      strategy: options.retryStrategy ?? undefined,
      maxRetryCount: options.maxRetryCount ?? undefined,
      delayMs: durationMs(options.delayInterval),
      minimumMs: durationMs(options.minimumInterval),
      maximumMs: durationMs(options.maximumInterval),
    },
    problems,
    where,
  );
}

/** The app-wide host.json `retry`, used by functions that declare none. */
export function retryPolicyFromHostConfig(config: HostConfig): RetryPolicy | undefined {
  if (config.value('retry') === undefined) return undefined;
  return buildPolicy(
    {
      strategy: config.string('retry.strategy', ''),
      maxRetryCount: config.integer('retry.maxRetryCount', Number.NaN),
      delayMs: config.timeSpan('retry.delayInterval', undefined),
      minimumMs: config.timeSpan('retry.minimumInterval', undefined),
      maximumMs: config.timeSpan('retry.maximumInterval', undefined),
    },
    config.problems,
    'host.json "retry"',
  );
}

interface RetryFields {
  strategy: string | undefined;
  maxRetryCount: number | undefined;
  delayMs: number | undefined;
  minimumMs: number | undefined;
  maximumMs: number | undefined;
}

function buildPolicy(fields: RetryFields, problems: string[], where: string): RetryPolicy | undefined {
  const { strategy, maxRetryCount, delayMs, minimumMs, maximumMs } = fields;
  const count = maxRetryCount ?? Number.NaN;
  if (!Number.isInteger(count) || count < -1) {
    problems.push(`${where}: "maxRetryCount" must be an integer of at least -1`);
    return undefined;
  }
  if (strategy === 'fixedDelay') {
    if (delayMs === undefined || delayMs < 0) {
      problems.push(`${where}: the fixedDelay strategy needs a "delayInterval"`);
      return undefined;
    }
    return { maxRetryCount: count, delayMs: () => delayMs };
  }
  if (strategy === 'exponentialBackoff') {
    if (minimumMs === undefined || maximumMs === undefined || minimumMs < 0 || maximumMs < minimumMs) {
      problems.push(`${where}: the exponentialBackoff strategy needs "minimumInterval" <= "maximumInterval"`);
      return undefined;
    }
    // The host adds random jitter to these delays; here they are exact, so tests can step the clock to them.
    return { maxRetryCount: count, delayMs: (retry) => Math.min(maximumMs, minimumMs * 2 ** (retry - 1)) };
  }
  problems.push(
    `${where}: "strategy" must be "fixedDelay" or "exponentialBackoff", not ${JSON.stringify(strategy)}`,
  );
  return undefined;
}

function durationMs(duration: RpcDuration | null | undefined): number | undefined {
  if (!duration) return undefined;
  return (duration.seconds ?? 0) * 1000 + Math.round((duration.nanos ?? 0) / 1e6);
}

/**
 * Runs an invocation until it succeeds or the policy's retries are spent, waiting on the clock between attempts.
 * Each attempt carries the retry context the host sends (`retryCount`, `maxRetryCount`, the last exception).
 * Stops early when `signal` aborts (the host is closing).
 */
export async function executeWithRetries(options: {
  policy: RetryPolicy | undefined;
  clock: Clock;
  signal: AbortSignal;
  attempt: (retryContext: RpcRetryContext | undefined) => Promise<InvocationOutcome>;
}): Promise<InvocationOutcome> {
  const { policy, clock, signal, attempt } = options;
  if (!policy) return attempt(undefined);
  let retryCount = 0;
  let previousError: Error | undefined;
  for (;;) {
    const outcome = await attempt({
      retryCount,
      maxRetryCount: policy.maxRetryCount,
      exception: previousError
        ? {
            message: previousError.message,
            stackTrace: previousError.stack ?? '',
            source: previousError.name,
          }
        : null,
    });
    const retriesLeft = policy.maxRetryCount === -1 || retryCount < policy.maxRetryCount;
    if (outcome.succeeded || !retriesLeft || signal.aborted) return outcome;
    retryCount += 1;
    previousError = outcome.error;
    const resumed = await waitOnClock(clock, clock.now() + policy.delayMs(retryCount), signal);
    if (!resumed) return outcome;
  }
}

/** Resolves true once the clock reaches `at`, or false as soon as `signal` aborts. */
function waitOnClock(clock: Clock, at: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    const onAbort = (): void => {
      timer.cancel();
      resolve(false);
    };
    const timer = clock.setTimer(at, () => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    });
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
