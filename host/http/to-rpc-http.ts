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
    nullableHeaders: nullable(headerValues(req)),
    nullableQuery: nullable(queryValues(url.searchParams)),
    nullableParams: nullable(params),
  };
  if (Number(req.headers['content-length'] ?? 0) > 0) http.body = { bytes: body };
  return http;
}

/** Trigger metadata of an HTTP invocation: route values, `Query` and `Headers` (the library ignores them). */
export function httpTriggerMetadata(
  http: RpcHttpData,
  params: Record<string, string>,
): Record<string, RpcTypedData> {
  const metadata: Record<string, RpcTypedData> = {};
  for (const [name, value] of Object.entries(params)) metadata[name] = { string: value };
  metadata.Query = { json: JSON.stringify(plain(http.nullableQuery)) };
  metadata.Headers = { json: JSON.stringify(plain(http.nullableHeaders)) };
  return metadata;
}

function headerValues(req: IncomingMessage): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, values] of Object.entries(req.headersDistinct)) {
    if (values) result[name.toLowerCase()] = values.join(',');
  }
  return result;
}

function queryValues(query: URLSearchParams): Record<string, string> {
  const result: Record<string, string> = {};
  for (const name of new Set(query.keys())) result[name] = query.getAll(name).join(',');
  return result;
}

function nullable(values: Record<string, string>): Record<string, RpcNullableString> {
  return Object.fromEntries(Object.entries(values).map(([name, value]) => [name, { value }]));
}

function plain(values: Record<string, RpcNullableString> | null | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(values ?? {}).map(([name, { value }]) => [name, value ?? '']));
}
