import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RegisteredFunction } from '../core/app-registry.js';
import { drain, shutdownGraceMs } from '../drain.js';
import type { Logger } from '../host-log.js';
import { HostStartError } from '../host-start-error.js';
import type { FunctionExecutor } from '../invocation/function-executor.js';
import { toError } from '../to-error.js';
import { type EventGridWebhook, eventGridWebhookPath } from '../triggers/event-grid/event-grid-webhook.js';
import { type AuthLevel, type HostKeys, isAuthorized, presentedKey } from './function-keys.js';
import { firstHeader, sendEmpty, sendJson } from './http-messages.js';
import { runHttpFunction } from './http-trigger.js';
import { readRequestBody } from './read-request-body.js';
import type { RouteTable } from './route-table.js';

export interface HttpListenerOptions {
  port: number;
  routes: RouteTable;
  functions: ReadonlyMap<string, RegisteredFunction>;
  executor: FunctionExecutor;
  keys: HostKeys;
  /** False accepts every request without a key, as `func start` does; true checks keys as Azure does. */
  enforceKeys: boolean;
  eventGrid: EventGridWebhook;
  /** The body of `GET /admin/host/status`. */
  status: () => object;
  logger: Logger;
}

export interface HttpListener {
  /** `http://127.0.0.1:<port>` */
  url: string;
  close(): Promise<void>;
}

/**
 * The host's HTTP front door on 127.0.0.1: function routes, the Event Grid webhook and `/admin/host/status`.
 * Anything an app or a request does wrong ends in a status code; the listener itself never fails.
 */
export async function startHttpListener(options: HttpListenerOptions): Promise<HttpListener> {
  // Requests being served, so closing can let them finish (HTTP functions, Event Grid deliveries).
  const inFlight = new Set<Promise<void>>();
  const server = createServer((req, res) => {
    const served = handle(options, req, res).catch((error: unknown) => {
      const described = toError(error);
      options.logger.host(
        'error',
        `Unhandled error serving ${req.method} ${req.url}: ${described.stack ?? described.message}`,
      );
      if (!res.headersSent) sendEmpty(res, 500);
      else res.destroy();
    });
    inFlight.add(served);
    void served.finally(() => inFlight.delete(served));
  });
  await new Promise<void>((resolve, reject) => {
    const refuse = (error: NodeJS.ErrnoException): void => {
      const taken = error.code === 'EADDRINUSE';
      const problem = `port ${options.port} on 127.0.0.1 is already in use`;
      reject(taken ? new HostStartError([problem], { cause: error }) : error);
    };
    server.once('error', refuse);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', refuse);
      resolve();
    });
  });
  server.on('error', (error) => options.logger.host('error', `The HTTP listener failed: ${error.message}`));
  const { port } = server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    /** Stops accepting, lets the requests being served finish (within the shutdown grace), then closes. */
    close() {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const left = await drain(inFlight, shutdownGraceMs);
        if (left > 0)
          options.logger.host('warning', `Closed with ${left} HTTP request(s) still being served.`);
        server.closeAllConnections();
        await closed;
      })();
      return closing;
    },
  };
}

async function handle(
  options: HttpListenerOptions,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  let url: URL;
  try {
    url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`);
  } catch {
    sendEmpty(res, 400);
    return;
  }
  const key = presentedKey(firstHeader(req, 'x-functions-key'), url.searchParams);
  const authorized = (level: AuthLevel, subject?: string): boolean =>
    !options.enforceKeys || isAuthorized(options.keys, level, key, subject);
  const path = url.pathname.toLowerCase();

  if (path === '/admin/host/status') {
    if (!authorized('admin')) return sendEmpty(res, 401);
    if (req.method !== 'GET') return sendEmpty(res, 405);
    return sendJson(res, 200, options.status());
  }

  if (path === eventGridWebhookPath) {
    if (!authorized('system')) return sendEmpty(res, 401);
    const body = await readRequestBody(req);
    if (body.kind === 'tooLarge') return sendEmpty(res, 413, { connection: 'close' });
    if (body.kind === 'aborted') return;
    return options.eventGrid.handle(req, res, url, body.bytes);
  }

  const match = options.routes.match(req.method ?? 'GET', url.pathname);
  const fn = match && options.functions.get(match.route.functionName);
  if (!match || !fn) return sendEmpty(res, 404);
  if (!authorized(match.route.authLevel, fn.name)) return sendEmpty(res, 401);
  await runHttpFunction({ fn, executor: options.executor, req, res, url, params: match.params });
}
