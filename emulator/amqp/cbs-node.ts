import type { Clock } from '../clock.js';
import { AmqpError, condition } from './conditions.js';
import type { NodeRequest, NodeResponse } from './request-response.js';
import { verifySasToken } from './sas-token.js';

export interface CbsOptions {
  clock: Clock;
  /** When set, SAS tokens must be signed with this key; otherwise any token is accepted. */
  sharedAccessKey?: { name: string; key: string } | undefined;
}

/**
 * The claims-based security node: `put-token` with a SAS token (or a JWT, accepted as is: there is no identity
 * provider offline) authorizes the connection for an audience. Repeated put-tokens renew the claim.
 */
export function createCbsHandler(options: CbsOptions): (request: NodeRequest) => NodeResponse {
  return (request) => {
    if (request.operation !== 'put-token') {
      throw new AmqpError({
        condition: condition.notImplemented,
        description: `Unsupported $cbs operation '${String(request.operation)}'.`,
      });
    }
    const audience = request.applicationProperties.name;
    const type = request.applicationProperties.type;
    const token = request.body;
    if (typeof audience !== 'string' || typeof token !== 'string') {
      throw new AmqpError({
        condition: condition.argumentError,
        description: 'put-token needs a string audience (name) and a string token (body).',
      });
    }
    if (options.sharedAccessKey && type !== 'jwt') {
      const verdict = verifySasToken({
        token,
        audience,
        key: options.sharedAccessKey,
        nowMs: options.clock.now(),
      });
      if (!verdict.ok)
        throw new AmqpError({
          condition: condition.unauthorized,
          description: `Unauthorized: ${verdict.reason}`,
          status: 401,
        });
    }
    request.connection.authorized.add(normaliseAudience(audience));
    return { status: 200, description: 'OK' };
  };
}

export function normaliseAudience(audience: string): string {
  return audience
    .replace(/^[a-z]+:\/\//i, '')
    .replace(/\/+$/, '')
    .toLowerCase();
}

/** True when the connection holds a claim covering `address` (a namespace-wide claim covers every entity). */
export function isAuthorized(authorized: ReadonlySet<string>, address: string): boolean {
  const wanted = address.toLowerCase().replace(/\/+$/, '');
  for (const claim of authorized) {
    // Claims are `<host>/<path>`; the host is whatever name the client connected with.
    const path = claim.split('/').slice(1).join('/');
    if (path === '' || wanted === path || wanted.startsWith(`${path}/`)) return true;
  }
  return false;
}
