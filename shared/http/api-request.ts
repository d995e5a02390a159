/**
 * The part of an HTTP request the API edge reads. `HttpRequest` of `@azure/functions` has this shape, and so can a
 * plain object in a test.
 */
export interface ApiRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: { get(name: string): string | null };
  readonly query: URLSearchParams;
  readonly params: Readonly<Record<string, string>>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** A response as the handler returns it: `HttpResponseInit` of `@azure/functions`, narrowed to what we send. */
export interface ApiResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** A JSON response; `application/json` unless a problem or another JSON type says otherwise. */
export function jsonResponse(
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): ApiResponse {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}
