export interface AdminRequest {
  /** Values of the `:name` segments of the route's path. */
  params: Record<string, string>;
  /** The parsed JSON body (PUT routes). */
  body: unknown;
}

export interface AdminResponse {
  status: number;
  /** JSON: a description, or an RFC 9457 problem (`application/problem+json`) when `status` >= 400. */
  body: unknown;
}

/** A route each broker contributes to the admin server; it stays free of any HTTP framework. */
export interface AdminRoute {
  method: 'GET' | 'PUT' | 'DELETE';
  path: string;
  handle(request: AdminRequest): Promise<AdminResponse>;
}

export function problem(
  status: number,
  title: string,
  detail: string,
  extra: Record<string, unknown> = {},
): AdminResponse {
  return { status, body: { type: 'about:blank', title, status, detail, ...extra } };
}
