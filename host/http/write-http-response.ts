import type { ServerResponse } from 'node:http';
import type { RpcHttpCookie, RpcTypedData } from '../core/functions-core-types.js';

/**
 * Writes a function's HTTP output as the host does (`HttpBinding`, `RawScriptResult`): no output is 200 with an
 * empty body; otherwise the status (default 200), the headers (the last of a repeated name wins), the cookies, and
 * the body bytes.
 */
export function writeHttpResponse(res: ServerResponse, output: RpcTypedData | null | undefined): void {
  const http = output?.http;
  if (!http) {
    res.writeHead(200, { 'content-length': 0 }).end();
    return;
  }
  const status = Number.parseInt(http.statusCode ?? '', 10);
  res.statusCode = Number.isInteger(status) ? status : 200;
  for (const [name, value] of Object.entries(http.headers ?? {})) res.setHeader(name, value);
  const cookies = (http.cookies ?? []).map(serializeCookie);
  if (cookies.length > 0) res.setHeader('set-cookie', cookies);
  res.end(bodyBytes(http.body));
}

function bodyBytes(body: RpcTypedData | null | undefined): Buffer {
  if (!body) return Buffer.alloc(0);
  if (body.bytes) return Buffer.from(body.bytes);
  if (body.string !== undefined && body.string !== null) return Buffer.from(body.string);
  if (body.json !== undefined && body.json !== null) return Buffer.from(body.json);
  if (body.int !== undefined && body.int !== null) return Buffer.from(String(body.int));
  if (body.double !== undefined && body.double !== null) return Buffer.from(String(body.double));
  return Buffer.alloc(0);
}

// "none" on the wire means the app set no SameSite; "explicitNone" is SameSite=None.
const sameSiteAttribute: Record<string, string | undefined> = {
  lax: 'lax',
  strict: 'strict',
  explicitNone: 'none',
};

// ASP.NET Core's Set-Cookie: escaped name and value, then expires, max-age, domain, path (default "/"), secure,
// samesite, httponly.
function serializeCookie(cookie: RpcHttpCookie): string {
  const parts = [`${encodeURIComponent(cookie.name ?? '')}=${encodeURIComponent(cookie.value ?? '')}`];
  const expires = cookie.expires?.value?.seconds;
  if (expires !== undefined && expires !== null)
    parts.push(`expires=${new Date(expires * 1000).toUTCString()}`);
  const maxAge = cookie.maxAge?.value;
  if (maxAge !== undefined && maxAge !== null) parts.push(`max-age=${Math.trunc(maxAge)}`);
  if (cookie.domain?.value) parts.push(`domain=${cookie.domain.value}`);
  parts.push(`path=${cookie.path?.value || '/'}`);
  if (cookie.secure?.value) parts.push('secure');
  const sameSite = cookie.sameSite ? sameSiteAttribute[cookie.sameSite] : undefined;
  if (sameSite) parts.push(`samesite=${sameSite}`);
  if (cookie.httpOnly?.value) parts.push('httponly');
  return parts.join('; ');
}
