import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

/** `undefined` leaves the request unanswered, like an endpoint that hangs. */
export type Responder = (request: ReceivedRequest) => Reply | undefined;

export interface WebhookReceiver {
  url: string;
  /** Every request so far, validation handshakes included. */
  readonly requests: ReceivedRequest[];
  /** Only the event deliveries (`aeg-event-type: Notification`). */
  notifications(): ReceivedRequest[];
  respondWith(responder: Responder): void;
  /** Resolves once `count` notifications have arrived; rejects after `deadlineMs` (a deadline, not a sleep). */
  waitForNotifications(count: number, deadlineMs?: number): Promise<ReceivedRequest[]>;
  close(): Promise<void>;
}

/** Answers Event Grid's handshakes the way a well-behaved subscriber does and 200 to every notification. */
export const subscriberReplies: Responder = (request) => {
  if (request.method === 'OPTIONS') {
    return { status: 200, headers: { 'webhook-allowed-origin': 'eventgrid.azure.net' } };
  }
  if (request.headers['aeg-event-type'] === 'SubscriptionValidation') {
    const [event] = JSON.parse(request.body) as [{ data: { validationCode: string } }];
    return { status: 200, body: JSON.stringify({ validationResponse: event.data.validationCode }) };
  }
  return { status: 200 };
};

/** A plain node:http subscriber on a loopback port chosen by the OS. */
export async function startWebhookReceiver(
  responder: Responder = subscriberReplies,
): Promise<WebhookReceiver> {
  const requests: ReceivedRequest[] = [];
  const waiters = new Set<() => void>();
  let respond = responder;
  const server = createServer((request, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const received: ReceivedRequest = {
        method: request.method ?? '',
        path: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(received);
      const reply = respond(received);
      if (reply) {
        response.writeHead(reply.status, reply.headers);
        response.end(reply.body);
      }
      for (const waiter of waiters) waiter();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const notifications = (): ReceivedRequest[] =>
    requests.filter((request) => request.headers['aeg-event-type'] === 'Notification');

  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`,
    requests,
    notifications,
    respondWith(next) {
      respond = next;
    },
    waitForNotifications(count, deadlineMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          if (notifications().length < count) return false;
          cleanup();
          resolve(notifications());
          return true;
        };
        const deadline = setTimeout(() => {
          cleanup();
          reject(
            new Error(
              `expected ${count} notifications within ${deadlineMs} ms, got ${notifications().length}`,
            ),
          );
        }, deadlineMs);
        const cleanup = (): void => {
          clearTimeout(deadline);
          waiters.delete(waiter);
        };
        const waiter = (): void => void check();
        waiters.add(waiter);
        check();
      });
    },
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/** Passes the handshake, then answers the n-th notification (0-based) with `statusOf(n)`. */
export function answerNotifications(statusOf: (n: number) => number | undefined): Responder {
  let notifications = 0;
  return (request) => {
    if (request.headers['aeg-event-type'] !== 'Notification') return subscriberReplies(request);
    const status = statusOf(notifications++);
    return status === undefined ? undefined : { status };
  };
}
