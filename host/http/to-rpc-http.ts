import type { IncomingMessage } from 'node:http';
import type { RpcHttpData, RpcNullableString, RpcTypedData } from '../core/functions-core-types.js';

/**
 * An HTTP request as the host hands it to a Node worker that declared `RpcHttpBodyOnly`, `RawHttpBodyBytes` and
 * `UseNullableValueDictionaryForHttp` (`GrpcMessageConversionExtensions.ToRpcHttp`): headers with lower-cased names,
 * repeated values joined with ","; query values joined likewise; route values; and the body as bytes, sent only
 * when the request declares a Content-Length above 0 (a chunked body reaches the function empty, as on Azure).
 */
export function toRpcHttp(options: {
  req: IncomingMessage;
  url: URL;
  params: Record<string, string>;
  body: Buffer;
}): RpcHttpData {
  const { req, url, params, body } = options;
  const http: RpcHttpData = {
    method: req.method ?? 'GET',
    url: `${url.protocol}//${url.host}${url.pathname}${url.search}`,
    nullableHeaders: headerValues(req.rawHeaders),
    nullableQuery: queryValues(url.searchParams),
    nullableParams: Object.fromEntries(Object.entries(params).map(([name, value]) => [name, { value }])),
  };
  if (Number(req.headers['content-length'] ?? 0) > 0) http.body = { bytes: body };
  return http;
}

/**
 * Trigger metadata of an HTTP invocation: route values, `Query` and `Headers`. The library ignores the last two, so
 * their JSON is written only if something reads it.
 */
export function httpTriggerMetadata(
  http: RpcHttpData,
  params: Record<string, string>,
): Record<string, RpcTypedData> {
  const metadata: Record<string, RpcTypedData> = {};
  for (const [name, value] of Object.entries(params)) metadata[name] = { string: value };
  metadata.Query = lazyJson(http.nullableQuery);
  metadata.Headers = lazyJson(http.nullableHeaders);
  return metadata;
}

function headerValues(rawHeaders: string[]): Record<string, RpcNullableString> {
  const result: Record<string, RpcNullableString> = {};
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    appendValue(result, rawHeaders[index]!.toLowerCase(), rawHeaders[index + 1]!);
  }
  return result;
}

function queryValues(query: URLSearchParams): Record<string, RpcNullableString> {
  const result: Record<string, RpcNullableString> = {};
  for (const [name, value] of query) appendValue(result, name, value);
  return result;
}

/**
 * Adds a value under a name, joined with "," to the values before it, as the host joins repeated headers and query
 * values. A plain assignment of "__proto__" would replace the prototype instead of adding a value.
 */
function appendValue(values: Record<string, RpcNullableString>, name: string, next: string): void {
  const earlier = Object.hasOwn(values, name) ? values[name] : undefined;
  const value = earlier ? `${earlier.value ?? ''},${next}` : next;
  if (name === '__proto__') {
    Object.defineProperty(values, name, {
      value: { value },
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    values[name] = { value };
  }
}

function lazyJson(values: Record<string, RpcNullableString> | null | undefined): RpcTypedData {
  let json: string | undefined;
  return {
    get json(): string {
      return (json ??= JSON.stringify(plain(values)));
    },
  };
}

function plain(values: Record<string, RpcNullableString> | null | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(values ?? {}).map(([name, { value }]) => [name, value ?? '']));
}
