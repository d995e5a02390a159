import type { EventContext, Sender } from './rhea.js';
import { amqpTypes } from './rhea.js';
import { AmqpError, condition } from './conditions.js';
import type { ConnectionContext } from './connection-context.js';

export interface NodeRequest {
  operation: string | undefined;
  applicationProperties: Record<string, unknown>;
  body: unknown;
  connection: ConnectionContext;
}

export interface NodeResponse {
  status: number;
  description?: string;
  /** An already AMQP-typed body (e.g. `amqpTypes.wrap_map(...)`), or nothing. */
  body?: unknown;
}

/**
 * Service Bus answers with `statusCode`/`statusDescription`; $cbs and Event Hubs with `status-code`/
 * `status-description`. The SDK reads both, but Service Bus paths test `statusCode` directly (peek's 204).
 */
export type StatusStyle = 'camelCase' | 'kebab-case';

export type RequestHandler = (request: NodeRequest) => Promise<NodeResponse> | NodeResponse;

/**
 * Serves one request/response node ($cbs, `<entity>/$management`, `$management`): reads requests from the client's
 * sender link and answers on the reply link named by `reply_to`, correlated by the request's message id. Every
 * request is answered, with an error status when the handler throws.
 */
export function serveRequests(options: {
  context: EventContext;
  connection: ConnectionContext;
  handler: RequestHandler;
  style: StatusStyle;
  log?: (line: string) => void;
}): void {
  const { handler, style, connection } = options;
  const link = options.context.receiver!;
  link.on('message', (context: EventContext) => {
    const message = context.message!;
    const replyTo = message.reply_to;
    const properties = (message.application_properties ?? {}) as Record<string, unknown>;
    const answer = (response: NodeResponse, error?: AmqpError): void => {
      const replyLink = replyTo ? connection.replyLink(replyTo) : undefined;
      if (!replyLink) {
        options.log?.(
          `request ${String(message.message_id)} has no reply link '${String(replyTo)}'; dropped`,
        );
        return;
      }
      sendReply(replyLink, {
        correlation_id: message.message_id,
        to: replyTo,
        application_properties: statusProperties(style, response, error),
        ...(response.body !== undefined ? { body: response.body } : { body: null }),
      });
    };
    const settle = (): void => context.delivery?.accept();
    Promise.resolve()
      .then(() =>
        handler({
          operation: stringOrUndefined(properties.operation),
          applicationProperties: properties,
          body: message.body,
          connection,
        }),
      )
      .then(
        (response) => answer(response),
        (error: unknown) => {
          const amqpError =
            error instanceof AmqpError
              ? error
              : new AmqpError({
                  condition: condition.internalError,
                  description: 'The request could not be processed.',
                });
          if (!(error instanceof AmqpError))
            options.log?.(`request failed: ${String((error as Error)?.stack ?? error)}`);
          answer({ status: amqpError.status, description: amqpError.message }, amqpError);
        },
      )
      .finally(settle);
  });
}

function statusProperties(
  style: StatusStyle,
  response: NodeResponse,
  error?: AmqpError,
): Record<string, unknown> {
  const description = response.description ?? (response.status < 300 ? 'OK' : 'Error');
  const properties: Record<string, unknown> =
    style === 'camelCase'
      ? { statusCode: amqpTypes.wrap_int(response.status), statusDescription: description }
      : { 'status-code': amqpTypes.wrap_int(response.status), 'status-description': description };
  if (error) properties['error-condition'] = amqpTypes.wrap_symbol(error.condition);
  return properties;
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Replies may outrun the reply link's credit; they wait for it rather than overrunning it. */
const pendingReplies = new WeakMap<Sender, Array<Record<string, unknown>>>();

function sendReply(link: Sender, message: Record<string, unknown>): void {
  let queue = pendingReplies.get(link);
  if (!queue) {
    queue = [];
    pendingReplies.set(link, queue);
    const flush = (): void => {
      const waiting = pendingReplies.get(link)!;
      while (waiting.length && link.sendable()) link.send(waiting.shift() as never);
    };
    link.on('sendable', flush);
  }
  if (queue.length === 0 && link.sendable()) {
    link.send(message as never);
  } else {
    queue.push(message);
  }
}
