import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RegisteredFunction } from '../../core/app-registry.js';
import type { RpcTypedData } from '../../core/functions-core-types.js';
import { roundTripLocal } from '../../dotnet-time.js';
import { triggerOf } from '../../function-bindings.js';
import { firstHeader, sendEmpty, sendJson, sendText } from '../../http/http-messages.js';
import type { FunctionExecutor } from '../../invocation/function-executor.js';

/** The path of the Event Grid extension's webhook on every Functions host. */
export const eventGridWebhookPath = '/runtime/webhooks/eventgrid';

// Origins the extension echoes in the CloudEvents handshake; any other gets the public cloud's.
const knownOrigins = new Set([
  'eventgrid.azure.net',
  'eventgrid.azure.us',
  'eventgrid.azure.eaglex.ic.gov',
  'eventgrid.azure.microsoft.scloud',
  'eventgrid.azure.cn',
]);

/**
 * `POST /runtime/webhooks/eventgrid?functionName=<name>`, as the Event Grid extension serves it
 * (`EventGridExtensionConfigProvider`, `HttpRequestProcessor`): the subscription validation handshake (Event Grid
 * schema, header `aeg-event-type: SubscriptionValidation`), the CloudEvents abuse-protection handshake (OPTIONS),
 * and notifications in either schema, one invocation per event, all at once: 202 when every invocation succeeds,
 * else 500, which makes Event Grid deliver the whole batch again.
 */
export class EventGridWebhook {
  readonly #functions: Map<string, RegisteredFunction>;
  readonly #executor: FunctionExecutor;
  readonly #now: () => number;

  constructor(options: { functions: RegisteredFunction[]; executor: FunctionExecutor; now: () => number }) {
    this.#functions = new Map(options.functions.map((fn) => [fn.name, fn]));
    this.#executor = options.executor;
    this.#now = options.now;
  }

  /** Handles an authorized request whose body has been read. */
  async handle(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer): Promise<void> {
    const functionName = url.searchParams.get('functionName') ?? '';
    const fn = this.#functions.get(functionName);
    if (!fn) {
      sendText(res, 404, `cannot find function: '${functionName}'`);
      return;
    }

    if (req.method === 'OPTIONS') {
      const origin = firstHeader(req, 'webhook-request-origin');
      sendEmpty(res, 200, {
        'webhook-allowed-origin': origin && knownOrigins.has(origin) ? origin : 'eventgrid.azure.net',
      });
      return;
    }

    const eventType = firstHeader(req, 'aeg-event-type')?.toLowerCase();
    if (eventType === 'subscriptionvalidation') {
      const validationCode = readValidationCode(body);
      // The extension fails with an exception here, which the host turns into a 500.
      if (validationCode === undefined) {
        sendEmpty(res, 500);
        return;
      }
      sendJson(res, 200, { validationResponse: validationCode });
      return;
    }
    if (eventType === 'notification') {
      await this.#notify(fn, res, body);
      return;
    }
    sendEmpty(res, eventType === 'unsubscribe' ? 202 : 400);
  }

  async #notify(fn: RegisteredFunction, res: ServerResponse, body: Buffer): Promise<void> {
    const events = parseEvents(body);
    if (!events) {
      sendEmpty(res, 500);
      return;
    }
    const triggerName = triggerOf(fn)!.name;
    const outcomes = await Promise.all(
      events.map((event) => {
        const triggerMetadata: Record<string, RpcTypedData> = {};
        if (event.data !== undefined && event.data !== null)
          triggerMetadata.data = { json: JSON.stringify(event.data) };
        return this.#executor.execute(fn, {
          // The extension hands script languages the event as indented JSON text.
          inputData: [{ name: triggerName, data: { string: JSON.stringify(event, null, 2) } }],
          triggerMetadata,
          reason: `EventGrid trigger fired at ${roundTripLocal(this.#now())}`,
          traceParent: typeof event.traceparent === 'string' ? event.traceparent : undefined,
          traceState: typeof event.tracestate === 'string' ? event.tracestate : undefined,
        });
      }),
    );
    if (outcomes.every((outcome) => outcome.succeeded)) {
      sendEmpty(res, 202);
    } else {
      sendText(res, 500, `Exception while executing function: Functions.${fn.name}`);
    }
  }
}

type EventObject = Record<string, unknown>;

/** The events of a notification: a JSON array of events, or a single event object. */
function parseEvents(body: Buffer): EventObject[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
  const events = Array.isArray(parsed) ? parsed : [parsed];
  return events.every(isObject) ? events : undefined;
}

/** Event Grid sends an array; a CloudEvents validation event is one object whose data may be JSON text. */
function readValidationCode(body: Buffer): string | undefined {
  const events = parseEvents(body);
  let data = events?.[0]?.data;
  if (typeof data === 'string') {
    try {
      data = JSON.parse(data);
    } catch {
      return undefined;
    }
  }
  const code = isObject(data) ? data.validationCode : undefined;
  return typeof code === 'string' || typeof code === 'number' ? String(code) : undefined;
}

function isObject(value: unknown): value is EventObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
