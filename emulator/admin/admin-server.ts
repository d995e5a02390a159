import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import type { AdminRoute } from './admin-route.js';
import { problem } from './admin-route.js';

const maxBodyBytes = 1_048_576;

export interface AdminServer {
  url: string;
  close(): Promise<void>;
}

/**
 * The emulator's admin API on loopback: JSON in and out, problem details for errors. Each broker contributes its
 * routes; `GET /` lists them.
 */
export async function startAdminServer(options: {
  port: number;
  routes: AdminRoute[];
  log?: (line: string) => void;
}): Promise<AdminServer> {
  const routes = options.routes.map((route) => ({ route, pattern: compile(route.path) }));
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      options.log?.(`admin request failed: ${String((error as Error)?.stack ?? error)}`);
      if (!response.headersSent) send(response, problem(500, 'Internal error', 'The admin request failed.'));
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname.replace(/\/+$/, '') || '/';
    if (request.method === 'GET' && path === '/') {
      send(response, {
        status: 200,
        body: { routes: options.routes.map((route) => `${route.method} ${route.path}`) },
      });
      return;
    }
    const matches = routes.filter(({ pattern }) => pattern.regex.test(path));
    const found = matches.find(({ route }) => route.method === request.method);
    if (!found) {
      send(
        response,
        matches.length
          ? problem(405, 'Method not allowed', `${request.method} is not allowed on ${path}.`)
          : problem(404, 'Not found', `No admin route for ${path}.`),
      );
      return;
    }
    const body = await readJson(request);
    if (body === invalid) {
      send(response, problem(400, 'Invalid JSON', 'The request body is not valid JSON (at most 1 MB).'));
      return;
    }
    const values = found.pattern.regex.exec(path)!.slice(1).map(decodeURIComponent);
    const params = Object.fromEntries(found.pattern.names.map((name, i) => [name, values[i] ?? '']));
    send(response, await found.route.handle({ params, body }));
  }

  server.listen({ host: '127.0.0.1', port: options.port });
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

const invalid = Symbol('invalid');

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBodyBytes) return invalid;
    chunks.push(chunk as Buffer);
  }
  if (!size) return undefined;
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return invalid;
  }
}

function send(response: ServerResponse, result: { status: number; body: unknown }): void {
  const json = JSON.stringify(result.body, null, 2);
  response.writeHead(result.status, {
    'content-type': result.status >= 400 ? 'application/problem+json' : 'application/json',
    'content-length': Buffer.byteLength(json),
  });
  response.end(json);
}

function compile(path: string): { regex: RegExp; names: string[] } {
  const names: string[] = [];
  const source = path
    .split('/')
    .map((segment) => {
      if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(segment.slice(1));
      return '([^/]+)';
    })
    .join('/');
  return { regex: new RegExp(`^${source}$`, 'i'), names };
}
