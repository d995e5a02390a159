import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Clock } from '../../clock.js';
import type { OutgoingRequest } from './delivery-request.js';

export interface WebhookResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** Read only when asked for (the validation handshake); deliveries only need the status. */
  body: string;
}

export type ExchangeResult =
  | { kind: 'response'; response: WebhookResponse }
  | { kind: 'timeout' }
  | { kind: 'connection-failed'; message: string };

export interface WebhookClient {
  exchange(
    request: OutgoingRequest,
    options: { signal: AbortSignal; readBody?: boolean },
  ): Promise<ExchangeResult>;
  close(): void;
}

/** Event Grid waits 30 s for an endpoint to answer. */
const responseTimeoutMs = 30_000;
const maxResponseBody = 64 * 1024;

/**
 * The HTTP side of delivery: one POST or OPTIONS to a subscriber, on kept-alive sockets. The response timeout runs
 * on the emulator's clock like every other deadline.
 */
export function createWebhookClient(clock: Clock): WebhookClient {
  const agents = {
    'http:': new HttpAgent({ keepAlive: true, maxSockets: 256 }),
    'https:': new HttpsAgent({ keepAlive: true, maxSockets: 256 }),
  };

  const attempt = (
    outgoing: OutgoingRequest,
    url: URL,
    options: { signal: AbortSignal; readBody?: boolean },
  ): Promise<{ result: ExchangeResult; staleSocket: boolean }> =>
    new Promise((resolve) => {
      const isHttps = url.protocol === 'https:';
      const request = (isHttps ? httpsRequest : httpRequest)(url, {
        method: outgoing.method,
        headers: {
          ...outgoing.headers,
          ...(outgoing.body !== undefined
            ? { 'content-length': String(Buffer.byteLength(outgoing.body)) }
            : {}),
        },
        agent: agents[isHttps ? 'https:' : 'http:'],
      });
      let settled = false;
      const finish = (result: ExchangeResult, errorCode?: string): void => {
        if (settled) return;
        settled = true;
        timer.cancel();
        options.signal.removeEventListener('abort', onAbort);
        resolve({ result, staleSocket: errorCode === 'ECONNRESET' && request.reusedSocket });
      };
      const timer = clock.setTimer(clock.now() + responseTimeoutMs, () => {
        request.destroy();
        finish({ kind: 'timeout' });
      });
      const onAbort = (): void => {
        request.destroy();
        finish({ kind: 'connection-failed', message: 'aborted' });
      };
      options.signal.addEventListener('abort', onAbort, { once: true });
      request.on('response', (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          if (!options.readBody || size > maxResponseBody) return;
          chunks.push(chunk);
          size += chunk.length;
        });
        response.on('end', () =>
          finish({
            kind: 'response',
            response: {
              status: response.statusCode ?? 0,
              headers: response.headers,
              body: Buffer.concat(chunks).toString('utf8'),
            },
          }),
        );
        response.on('error', (error) => finish({ kind: 'connection-failed', message: error.message }));
      });
      request.on('error', (error: NodeJS.ErrnoException) =>
        finish({ kind: 'connection-failed', message: error.message }, error.code),
      );
      request.end(outgoing.body);
      if (options.signal.aborted) onAbort();
    });

  return {
    async exchange(outgoing, options) {
      let url: URL;
      try {
        url = new URL(outgoing.url);
      } catch {
        return { kind: 'connection-failed', message: `invalid URL ${outgoing.url}` };
      }
      const first = await attempt(outgoing, url, options);
      // A kept-alive socket the server closed meanwhile fails before the request reaches it (Node's documented
      // race); sending once more on a fresh socket is what HTTP clients do, and no delivery attempt is lost.
      if (!first.staleSocket || options.signal.aborted) return first.result;
      return (await attempt(outgoing, url, options)).result;
    },
    close() {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  };
}
