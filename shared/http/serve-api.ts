import type { ApiRequest, ApiResponse } from './api-request.js';
import type { ApiOperation } from './api-routes.js';
import { problemResponse } from './problem-response.js';

/** The application as the API edge needs it: something to record each request's outcome on. */
export interface RequestRecorder {
  recordRequest(request: {
    readonly operation: string;
    readonly status: number;
    readonly durationMs: number;
  }): void;
}

export interface ServeApiOptions<App extends RequestRecorder> {
  readonly operation: ApiOperation;
  readonly request: ApiRequest;
  /** The invocation's logger (`InvocationContext`), so failures are logged with the invocation. */
  readonly log: { error(...args: unknown[]): void };
  readonly application: () => Promise<App>;
  readonly now?: () => number;
}

/**
 * Runs one API operation: everything it throws becomes an RFC 9457 problem (translated once, here), a failure of
 * ours is logged with its cause while the client learns nothing of it, and the outcome is streamed as telemetry.
 */
export async function serveApi<App extends RequestRecorder>(
  options: ServeApiOptions<App>,
  handle: (app: App) => Promise<ApiResponse>,
): Promise<ApiResponse> {
  const now = options.now ?? (() => performance.now());
  const started = now();
  let app: App | undefined;
  let response: ApiResponse;
  try {
    app = await options.application();
    response = await handle(app);
  } catch (error) {
    const problem = problemResponse(options.operation, error, {
      instance: new URL(options.request.url).pathname,
    });
    if (problem.problem.status >= 500) options.log.error(`${options.operation} failed:`, error);
    response = problem.response;
  }
  app?.recordRequest({ operation: options.operation, status: response.status, durationMs: now() - started });
  return response;
}
