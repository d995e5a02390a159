import { Agent } from 'node:https';
import type { AccessToken, TokenCredential } from '@azure/identity';
import {
  AzureKeyCredential,
  AzureSASCredential,
  EventGridPublisherClient,
  generateSharedAccessSignature,
  type InputSchema,
} from '@azure/eventgrid';
import type { RunningEventGrid } from '../../../../emulator/event-grid/start-event-grid.js';

/** The SDK over plain http: it needs `allowInsecureConnection`, the one setting the emulator asks of it. */
export function keyClient<T extends InputSchema>(
  eventGrid: RunningEventGrid,
  topicName: string,
  schema: T,
  key: string,
): EventGridPublisherClient<T> {
  return new EventGridPublisherClient(
    eventGrid.topicEndpoint(topicName),
    schema,
    new AzureKeyCredential(key),
    {
      allowInsecureConnection: true,
      retryOptions: { maxRetries: 0 },
    },
  );
}

export async function sasClient<T extends InputSchema>(
  eventGrid: RunningEventGrid,
  topicName: string,
  schema: T,
  key: string,
  expiresOn = new Date(Date.now() + 60 * 60_000),
): Promise<EventGridPublisherClient<T>> {
  const endpoint = eventGrid.topicEndpoint(topicName);
  const signature = await generateSharedAccessSignature(endpoint, new AzureKeyCredential(key), expiresOn);
  return new EventGridPublisherClient(endpoint, schema, new AzureSASCredential(signature), {
    allowInsecureConnection: true,
    retryOptions: { maxRetries: 0 },
  });
}

/**
 * The SDK with a TokenCredential. Its pipeline sends bearer tokens over https only, so this client uses the
 * emulator's https side and trusts its certificate.
 */
export function tokenClient<T extends InputSchema>(
  eventGrid: RunningEventGrid,
  topicName: string,
  schema: T,
  credential: TokenCredential,
): EventGridPublisherClient<T> {
  return new EventGridPublisherClient(
    eventGrid.topicEndpoint(topicName, { https: true }),
    schema,
    credential,
    {
      agent: new Agent({ ca: eventGrid.certificate }),
      retryOptions: { maxRetries: 0 },
    },
  );
}

/** A credential handing out an unsigned JWT with the given claims, as an Entra ID token looks to the emulator. */
export function fakeTokenCredential(claims: Record<string, unknown>): TokenCredential {
  const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const token = `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode(claims)}.c2lnbmF0dXJl`;
  return {
    getToken: (): Promise<AccessToken> =>
      Promise.resolve({ token, expiresOnTimestamp: Date.now() + 60 * 60_000 }),
  };
}
