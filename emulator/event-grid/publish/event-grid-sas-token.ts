import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * An Event Grid SAS token: `r=<url-encoded resource>&e=<url-encoded expiry>&s=<url-encoded base64 signature>`, the
 * signature being HMAC-SHA256 (base64-decoded topic key) over the text before `&s=`. This is what the SDK's
 * `generateSharedAccessSignature` produces; the expiry is the .NET `M/d/yyyy h:mm:ss tt` form, in UTC.
 */
export type SasVerdict = { valid: true } | { valid: false; reason: string };

export function verifyEventGridSasToken(options: {
  token: string;
  key: string;
  /** The topic's path, `/<topic>/api/events`: the token's resource must name it. */
  topicPath: string;
  now: number;
}): SasVerdict {
  const signatureAt = options.token.lastIndexOf('&s=');
  if (signatureAt < 0) return { valid: false, reason: 'The specified SAS token format is invalid.' };
  const signed = options.token.slice(0, signatureAt);
  const fields = new URLSearchParams(signed);
  const resource = fields.get('r');
  const expiry = fields.get('e');
  const signature = safeDecode(options.token.slice(signatureAt + 3));
  if (!resource || !expiry || !signature) {
    return { valid: false, reason: 'The specified SAS token format is invalid.' };
  }

  const expected = createHmac('sha256', Buffer.from(options.key, 'base64')).update(signed).digest();
  const presented = Buffer.from(signature, 'base64');
  if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) {
    return { valid: false, reason: 'The specified SAS token signature is invalid.' };
  }
  const expiresAt = parseServiceTime(expiry);
  if (expiresAt === undefined) return { valid: false, reason: 'The specified SAS token expiry is invalid.' };
  if (expiresAt <= options.now) return { valid: false, reason: 'The specified SAS token has expired.' };
  if (!namesTopic(resource, options.topicPath)) {
    return { valid: false, reason: 'The specified SAS token resource does not match this topic.' };
  }
  return { valid: true };
}

/**
 * The resource is the endpoint the token was made for (`<endpoint>?apiVersion=...`). Only its path is compared:
 * locally the same topic is reached as 127.0.0.1 or localhost, on http or https.
 */
function namesTopic(resource: string, topicPath: string): boolean {
  let path: string;
  try {
    path = new URL(resource).pathname;
  } catch {
    return false;
  }
  return path.replace(/\/+$/, '').toLowerCase() === topicPath.toLowerCase();
}

/** `M/d/yyyy h:mm:ss AM|PM` in UTC, or an ISO 8601 time (other Event Grid SDKs format the expiry that way). */
function parseServiceTime(text: string): number | undefined {
  const match = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2}):(\d{2}) (AM|PM)$/i.exec(text.trim());
  if (!match) {
    const iso = Date.parse(text);
    return Number.isNaN(iso) ? undefined : iso;
  }
  const [, month, day, year, hour, minute, second, half] = match;
  const hour24 = (Number(hour) % 12) + (half?.toUpperCase() === 'PM' ? 12 : 0);
  return Date.UTC(Number(year), Number(month) - 1, Number(day), hour24, Number(minute), Number(second));
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}
