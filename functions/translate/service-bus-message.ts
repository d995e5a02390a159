import type { InvocationContext } from '@azure/functions';
import type { IncomingMessage } from '../../shared/application/messaging/incoming-message.js';
import { traceContextOf } from '../../shared/http/request-trace-context.js';

/**
 * A Service Bus trigger's input as a message handler sees it. Broker properties arrive as trigger metadata, their
 * names' first letter lower-cased by the library (`MessageId` as `messageId`); null properties are left out.
 */
export function incomingMessageOf(body: unknown, context: InvocationContext): IncomingMessage {
  const metadata = context.triggerMetadata ?? {};
  const text = (name: string): string | undefined => {
    const value = metadata[name];
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  const properties = (metadata['applicationProperties'] ?? {}) as Record<string, unknown>;
  return {
    body,
    type: text('subject'),
    messageId: text('messageId'),
    correlationId: text('correlationId'),
    sessionId: text('sessionId'),
    replyTo: text('replyTo'),
    replyToSessionId: text('replyToSessionId'),
    trace: traceContextOf(
      { traceparent: properties['traceparent'], tracestate: properties['tracestate'] },
      context,
    ),
  };
}
