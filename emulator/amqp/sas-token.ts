import { createHmac, timingSafeEqual } from 'node:crypto';

/** `SharedAccessSignature sr=<url-encoded audience>&sig=<sig>&se=<expiry seconds>&skn=<key name>` */
export interface SasToken {
  resource: string;
  signature: string;
  expiresAtSeconds: number;
  keyName: string;
}

export function parseSasToken(token: string): SasToken | undefined {
  const prefix = 'SharedAccessSignature ';
  if (!token.startsWith(prefix)) return undefined;
  const fields = new URLSearchParams(token.slice(prefix.length));
  const resource = fields.get('sr');
  const signature = fields.get('sig');
  const expiry = Number(fields.get('se'));
  const keyName = fields.get('skn');
  if (!resource || !signature || !keyName || !Number.isInteger(expiry)) return undefined;
  return { resource, signature, expiresAtSeconds: expiry, keyName };
}

export type SasVerdict = { ok: true } | { ok: false; reason: string };

/**
 * Verifies a token the way the service does: right key name, HMAC-SHA256 of `<url-encoded resource>\n<expiry>`,
 * not expired, and a resource that covers the audience asked for (a namespace token covers every entity).
 */
export function verifySasToken(options: {
  token: string;
  audience: string;
  key: { name: string; key: string };
  nowMs: number;
}): SasVerdict {
  const parsed = parseSasToken(options.token);
  if (!parsed) return { ok: false, reason: 'The token is not a SharedAccessSignature.' };
  if (parsed.keyName !== options.key.name)
    return { ok: false, reason: `Unknown key name '${parsed.keyName}'.` };
  const expected = createHmac('sha256', options.key.key)
    .update(`${encodeURIComponent(parsed.resource)}\n${parsed.expiresAtSeconds}`)
    .digest();
  const given = Buffer.from(parsed.signature, 'base64');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'The token signature does not match the configured key.' };
  }
  if (parsed.expiresAtSeconds * 1000 <= options.nowMs) return { ok: false, reason: 'The token has expired.' };
  if (!covers(parsed.resource, options.audience)) {
    return { ok: false, reason: `The token is for '${parsed.resource}', not '${options.audience}'.` };
  }
  return { ok: true };
}

function covers(resource: string, audience: string): boolean {
  const normalise = (value: string): string => {
    // Token resources are sometimes given without a scheme; the host name is case-insensitive.
    const withoutScheme = value.replace(/^[a-z]+:\/\//i, '').toLowerCase();
    return withoutScheme.endsWith('/') ? withoutScheme : `${withoutScheme}/`;
  };
  return normalise(audience).startsWith(normalise(resource));
}
