import type { ApiRequest } from '../../../shared/http/api-request.js';

/** A request as the HTTP edge reads it, built in memory. */
export function apiRequest(options: {
  method?: string;
  url?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  params?: Record<string, string>;
}): ApiRequest {
  const url = options.url ?? 'http://127.0.0.1/api/orders';
  const headers = new Headers(options.headers ?? {});
  const body =
    typeof options.body === 'string'
      ? new TextEncoder().encode(options.body)
      : (options.body ?? new Uint8Array());
  return {
    method: options.method ?? 'POST',
    url,
    headers,
    query: new URL(url).searchParams,
    params: options.params ?? {},
    arrayBuffer: () => Promise.resolve(body.slice().buffer),
  };
}
