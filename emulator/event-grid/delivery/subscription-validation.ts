import { randomUUID } from 'node:crypto';
import type { SubscriptionDefinition } from '../definitions.js';
import { topicResourceId } from '../events.js';
import type { OutgoingRequest } from './delivery-request.js';
import type { ExchangeResult } from './webhook-client.js';

export type Exchange = (
  request: OutgoingRequest,
  options: { signal: AbortSignal; readBody?: boolean },
) => Promise<ExchangeResult>;

export type ValidationOutcome =
  | { state: 'Succeeded' }
  /** The endpoint answered 200 without the code: it may still GET the validation URL. */
  | { state: 'AwaitingManualAction' }
  | { state: 'Failed'; reason: string };

/**
 * Proves a webhook wants the events before any are sent (webhook-event-delivery.md). Event Grid schema: a
 * `SubscriptionValidationEvent` POST answered by 200 and `{"validationResponse": code}`, or later by a GET on the
 * validation URL. CloudEvents schema: the CloudEvents abuse-protection OPTIONS request, answered with
 * `WebHook-Allowed-Origin`.
 */
export async function validateWebhook(options: {
  exchange: Exchange;
  topicName: string;
  subscription: SubscriptionDefinition;
  url: string;
  validationCode: string;
  validationUrl: string;
  now: number;
  signal: AbortSignal;
}): Promise<ValidationOutcome> {
  return options.subscription.eventDeliverySchema === 'CloudEventSchemaV1_0'
    ? validateWithOptionsRequest(options)
    : validateWithValidationEvent(options);
}

const eventGridOrigin = 'eventgrid.azure.net';

async function validateWithOptionsRequest(
  options: Parameters<typeof validateWebhook>[0],
): Promise<ValidationOutcome> {
  const result = await options.exchange(
    { method: 'OPTIONS', url: options.url, headers: { 'webhook-request-origin': eventGridOrigin } },
    { signal: options.signal },
  );
  if (result.kind !== 'response') return failed(options.url, result);
  const allowed = headerText(result.response.headers['webhook-allowed-origin']).toLowerCase();
  if (
    result.response.status >= 200 &&
    result.response.status < 300 &&
    (allowed === eventGridOrigin || allowed === '*')
  ) {
    return { state: 'Succeeded' };
  }
  return {
    state: 'Failed',
    reason:
      `Webhook validation handshake failed for ${options.url}: the OPTIONS request got HTTP ${result.response.status}` +
      ` and WebHook-Allowed-Origin '${allowed}' instead of '${eventGridOrigin}'.`,
  };
}

async function validateWithValidationEvent(
  options: Parameters<typeof validateWebhook>[0],
): Promise<ValidationOutcome> {
  const event = {
    id: randomUUID(),
    topic: topicResourceId(options.topicName),
    subject: '',
    data: { validationCode: options.validationCode, validationUrl: options.validationUrl },
    eventType: 'Microsoft.EventGrid.SubscriptionValidationEvent',
    eventTime: new Date(options.now).toISOString(),
    metadataVersion: '1',
    dataVersion: '1',
  };
  const result = await options.exchange(
    {
      method: 'POST',
      url: options.url,
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'aeg-event-type': 'SubscriptionValidation',
        'aeg-subscription-name': options.subscription.name.toUpperCase(),
        'aeg-delivery-count': '0',
        'aeg-data-version': '1',
        'aeg-metadata-version': '1',
      },
      body: JSON.stringify([event]),
    },
    { signal: options.signal, readBody: true },
  );
  if (result.kind !== 'response') return failed(options.url, result);
  // Only 200 counts: 202 and the other successes are not a validation answer.
  if (result.response.status !== 200) {
    return {
      state: 'Failed',
      reason: `Webhook validation handshake failed for ${options.url}. Http POST request failed with response code ${result.response.status}.`,
    };
  }
  const answer = validationResponseOf(result.response.body);
  if (answer === undefined) return { state: 'AwaitingManualAction' };
  return answer === options.validationCode
    ? { state: 'Succeeded' }
    : {
        state: 'Failed',
        reason: `Webhook validation handshake failed for ${options.url}: the validationResponse does not match.`,
      };
}

function validationResponseOf(body: string): unknown {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const entry = Object.entries(parsed).find(([name]) => name.toLowerCase() === 'validationresponse');
    return entry?.[1];
  } catch {
    return undefined;
  }
}

function failed(url: string, result: Exclude<ExchangeResult, { kind: 'response' }>): ValidationOutcome {
  const why = result.kind === 'timeout' ? 'it did not answer within 30 s' : result.message;
  return { state: 'Failed', reason: `Webhook validation handshake failed for ${url}: ${why}.` };
}

function headerText(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value) ?? '';
}
