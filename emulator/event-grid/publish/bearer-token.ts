/**
 * The local rule for `Authorization: Bearer`: there is no Microsoft Entra ID offline, so the signature cannot be
 * checked. A token is accepted when it is a well-formed JWT for Event Grid's audience that is valid now, which a
 * real token from `az login` or DefaultAzureCredential is, and a malformed or expired one is not.
 */
export type BearerVerdict = { valid: true } | { valid: false; reason: string };

const eventGridAudiences = new Set(['https://eventgrid.azure.net', 'https://eventgrid.azure.net/']);

export function verifyBearerToken(token: string, now: number): BearerVerdict {
  const [header, payload, signature] = token.split('.');
  const claims = header !== undefined && signature !== undefined ? decodeJson(payload) : undefined;
  if (!claims || decodeJson(header) === undefined) {
    return { valid: false, reason: 'Unable to read access token.' };
  }
  const audiences = Array.isArray(claims['aud']) ? claims['aud'] : [claims['aud']];
  if (!audiences.some((audience) => typeof audience === 'string' && eventGridAudiences.has(audience))) {
    return { valid: false, reason: "The access token's audience is not https://eventgrid.azure.net." };
  }
  const nowSeconds = now / 1000;
  if (typeof claims['exp'] !== 'number' || claims['exp'] <= nowSeconds) {
    return { valid: false, reason: 'The access token has expired.' };
  }
  if (typeof claims['nbf'] === 'number' && claims['nbf'] > nowSeconds) {
    return { valid: false, reason: 'The access token is not valid yet.' };
  }
  return { valid: true };
}

function decodeJson(segment: string | undefined): Record<string, unknown> | undefined {
  if (!segment) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
