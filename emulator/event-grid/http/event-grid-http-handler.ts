import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../../clock.js';
import type { EventGridBroker } from '../event-grid-broker.js';
import { authenticatePublisher } from '../publish/authenticate-publisher.js';
import { publishErrorResponse, type PublishError } from '../publish/publish-error.js';
import { readPublishedEvents } from '../publish/read-published-events.js';
import type { RequestHandler } from './dual-protocol-server.js';

/**
 * Event Grid's limits: 1 MB per publish request and 1 MB per event. An event lies inside its request, so checking
 * the request also enforces the per-event limit.
 */
const maxRequestBytes = 1024 * 1024;

/**
 * The HTTP edge of the topics: `POST /<topic>/api/events` to publish, and
 * `GET /<topic>/eventSubscriptions/<name>/validate` for validation URLs. It parses and answers; what publishing
 * means is the broker's business.
 */
export function createEventGridHttpHandler(options: {
  broker: EventGridBroker;
  clock: Clock;
}): RequestHandler {
  const { broker, clock } = options;

  const sendError = (response: ServerResponse, error: PublishError): void => {
    const requestId = randomUUID();
    const { status, body } = publishErrorResponse(error, requestId, new Date(clock.now()));
    const text = JSON.stringify(body);
    response.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(text),
      'x-ms-request-id': requestId,
      ...(status === 405 ? { allow: 'POST, OPTIONS' } : {}),
    });
    response.end(text);
  };

  const publish = async (request: IncomingMessage, response: ServerResponse, topicName: string, url: URL) => {
    const topic = broker.topic(topicName);
    if (!topic) {
      request.resume();
      return sendError(response, {
        code: 'TopicNotFound',
        message: `No HTTP resource was found that matches the request URI '${url.origin}${url.pathname}'.`,
      });
    }
    if (!url.searchParams.get('api-version')) {
      request.resume();
      return sendError(response, {
        code: 'ApiVersionRequired',
        message: 'The api-version query parameter (?api-version=) is required for all requests.',
      });
    }
    const refused = authenticatePublisher({
      topic,
      topicPath: `/${topicName}/api/events`,
      host: request.headers.host ?? '127.0.0.1',
      credentials: {
        sasKey: headerValue(request, 'aeg-sas-key'),
        sasToken: headerValue(request, 'aeg-sas-token'),
        authorization: headerValue(request, 'authorization'),
      },
      now: clock.now(),
    });
    if (refused) {
      request.resume();
      return sendError(response, refused);
    }
    const body = await readBodyWithin(request, maxRequestBytes);
    if (body === undefined) {
      return sendError(response, {
        code: 'PayloadTooLarge',
        message: `The maximum size (${maxRequestBytes}) has been exceeded.`,
      });
    }
    const read = readPublishedEvents({
      schema: topic.inputSchema,
      topicName: topic.name,
      contentType: request.headers['content-type'],
      text: body,
      publishTime: clock.now(),
    });
    if ('error' in read) return sendError(response, read.error);
    broker.publish(topic.name, read.events);
    response.writeHead(200, { 'content-length': 0 });
    response.end();
  };

  const confirmValidation = (
    response: ServerResponse,
    topicName: string,
    subscriptionName: string,
    url: URL,
  ) => {
    const confirmed = broker.confirmValidation(topicName, subscriptionName, url.searchParams.get('id') ?? '');
    const text = confirmed
      ? 'Webhook successfully validated as a subscription endpoint.'
      : 'The validation code is unknown or expired for this event subscription.';
    response.writeHead(confirmed ? 200 : 400, { 'content-type': 'text/plain; charset=utf-8' });
    response.end(text);
  };

  return (request, response) => {
    // A fixed base: the path and query are all that is read here, and a malformed Host header must not throw in
    // the listener (which would take down the process that also runs the brokers and the host).
    const url = parsedUrl(request.url);
    if (url === undefined) {
      request.resume();
      response.writeHead(400).end();
      return;
    }
    const segments = url.pathname.split('/').filter(Boolean).map(decodeSegment);
    const [topicName, first, second, third] = segments;
    if (
      topicName &&
      segments.length === 3 &&
      first?.toLowerCase() === 'api' &&
      second?.toLowerCase() === 'events'
    ) {
      if (request.method === 'POST') {
        publish(request, response, topicName, url).catch((error: unknown) => {
          response.destroy(error instanceof Error ? error : new Error(String(error)));
        });
        return;
      }
      request.resume();
      if (request.method === 'OPTIONS') {
        response.writeHead(200, { allow: 'POST, OPTIONS', 'content-length': 0 });
        response.end();
        return;
      }
      sendError(response, {
        code: 'MethodNotAllowed',
        message: `The method ${request.method} is not allowed.`,
      });
      return;
    }
    request.resume();
    if (
      request.method === 'GET' &&
      topicName &&
      second &&
      segments.length === 4 &&
      first?.toLowerCase() === 'eventsubscriptions' &&
      third?.toLowerCase() === 'validate'
    ) {
      confirmValidation(response, topicName, second, url);
      return;
    }
    sendError(response, {
      code: 'TopicNotFound',
      message: `No HTTP resource was found that matches the request URI '${url.origin}${url.pathname}'.`,
    });
  };
}

/** The body as text, or undefined once it passes `limit` (the rest is read and dropped, so the reply lands). */
function readBodyWithin(request: IncomingMessage, limit: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    request.on('end', () => resolve(size > limit ? undefined : Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function headerValue(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function parsedUrl(path: string | undefined): URL | undefined {
  try {
    return new URL(path ?? '/', 'http://localhost');
  } catch {
    return undefined;
  }
}
