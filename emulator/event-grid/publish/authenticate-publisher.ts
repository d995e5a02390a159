import { timingSafeEqual } from 'node:crypto';
import type { TopicDefinition } from '../definitions.js';
import { verifyBearerToken } from './bearer-token.js';
import { verifyEventGridSasToken } from './event-grid-sas-token.js';
import type { PublishError } from './publish-error.js';

export interface PublisherCredentials {
  sasKey: string | undefined;
  sasToken: string | undefined;
  authorization: string | undefined;
}

/**
 * Event Grid's publisher checks, in the order the headers are looked at: `aeg-sas-key`, `aeg-sas-token`, then
 * `Authorization: Bearer` (see bearer-token.ts for the local rule). A topic with no key accepts any caller.
 */
export function authenticatePublisher(options: {
  topic: TopicDefinition;
  topicPath: string;
  host: string;
  credentials: PublisherCredentials;
  now: number;
}): PublishError | undefined {
  const { topic, credentials } = options;
  if (topic.key === undefined && !topic.disableLocalAuth) return undefined;
  // The service names the topic's host name, upper-cased, without a port.
  const host = options.host.replace(/:\d+$/, '').toUpperCase();
  const refuse = (reason: string): PublishError => ({
    code: 'AuthorizationInvalid',
    message: `The request authorization key is not authorized for ${host}. This is due to the reason: ${reason}`,
  });
  const localAuth = credentials.sasKey !== undefined || credentials.sasToken !== undefined;
  if (localAuth && topic.disableLocalAuth) {
    return refuse('Local authentication (aeg-sas-key, aeg-sas-token) is disabled for this topic.');
  }

  if (credentials.sasKey !== undefined && topic.key !== undefined) {
    return sameText(credentials.sasKey, topic.key)
      ? undefined
      : refuse('The specified key does not match the topic key.');
  }
  if (credentials.sasToken !== undefined && topic.key !== undefined) {
    const verdict = verifyEventGridSasToken({
      token: credentials.sasToken,
      key: topic.key,
      topicPath: options.topicPath,
      now: options.now,
    });
    return verdict.valid ? undefined : refuse(verdict.reason);
  }
  const bearer = /^Bearer\s+(\S+)$/i.exec(credentials.authorization ?? '');
  if (bearer?.[1] !== undefined) {
    const verdict = verifyBearerToken(bearer[1], options.now);
    return verdict.valid ? undefined : refuse(verdict.reason);
  }
  return {
    code: 'AuthorizationMissing',
    message: topic.disableLocalAuth
      ? 'Request must contain an Authorization header with a bearer token.'
      : 'Request must contain one of the following authorization signature: aeg-sas-token, aeg-sas-key.',
  };
}

function sameText(presented: string, expected: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
