import { createHmac } from 'node:crypto';

/**
 * Storage Shared Key authorization (the Blob service's "Authorize with Shared Key"): HMAC-SHA256 with the account
 * key over the verb, the standard headers, the `x-ms-*` headers and the canonicalized resource.
 */
export function sharedKeyAuthorization(options: {
  method: string;
  url: URL;
  headers: Record<string, string>;
  accountName: string;
  accountKey: string;
}): string {
  const header = (name: string): string => options.headers[name] ?? '';
  const contentLength = header('content-length');
  const canonicalHeaders = Object.keys(options.headers)
    .filter((name) => name.startsWith('x-ms-'))
    .sort()
    .map((name) => `${name}:${header(name).trim()}\n`)
    .join('');
  // Path-style URLs (Azurite) carry the account in the path too; the resource is `/<account><path>` either way.
  const queryLines = [...options.url.searchParams.keys()]
    .sort()
    .map((name) => `\n${name.toLowerCase()}:${options.url.searchParams.getAll(name).sort().join(',')}`)
    .join('');
  const stringToSign = [
    options.method.toUpperCase(),
    header('content-encoding'),
    header('content-language'),
    contentLength === '0' ? '' : contentLength,
    header('content-md5'),
    header('content-type'),
    header('date'),
    header('if-modified-since'),
    header('if-match'),
    header('if-none-match'),
    header('if-unmodified-since'),
    header('range'),
  ].join('\n');
  const canonicalResource = `/${options.accountName}${options.url.pathname}${queryLines}`;
  const signature = createHmac('sha256', Buffer.from(options.accountKey, 'base64'))
    .update(`${stringToSign}\n${canonicalHeaders}${canonicalResource}`, 'utf8')
    .digest('base64');
  return `SharedKey ${options.accountName}:${signature}`;
}
