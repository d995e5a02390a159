import { randomUUID } from 'node:crypto';
import type { OrderResource } from '../../../shared/http/order-resource.js';

export interface ApiAnswer<Body = unknown> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Body;
}

/** A client of the order API as any HTTP client would use it: fetch, JSON, the documented headers. */
export class OrdersApi {
  constructor(private readonly base: string) {}

  async place(
    body: unknown,
    options: { idempotencyKey?: string; waitSeconds?: number; headers?: Record<string, string> } = {},
  ): Promise<ApiAnswer<OrderResource>> {
    return this.#send('POST', '/orders', {
      body,
      headers: {
        'idempotency-key': options.idempotencyKey ?? randomUUID(),
        ...(options.waitSeconds === undefined ? {} : { prefer: `wait=${options.waitSeconds}` }),
        ...options.headers,
      },
    });
  }

  get(orderId: string, headers: Record<string, string> = {}): Promise<ApiAnswer<OrderResource>> {
    return this.#send('GET', `/orders/${encodeURIComponent(orderId)}`, { headers });
  }

  list(
    query: Record<string, string>,
  ): Promise<ApiAnswer<{ orders: OrderResource[]; continuationToken?: string }>> {
    return this.#send('GET', `/orders?${new URLSearchParams(query).toString()}`, {});
  }

  cancel(
    orderId: string,
    options: { ifMatch?: string; body?: unknown } = {},
  ): Promise<ApiAnswer<OrderResource>> {
    return this.#send('POST', `/orders/${encodeURIComponent(orderId)}/cancel`, {
      ...(options.body === undefined ? {} : { body: options.body }),
      headers: options.ifMatch === undefined ? {} : { 'if-match': options.ifMatch },
    });
  }

  /** Any request, raw: for the edge cases a well-behaved client never sends. */
  async raw(
    method: string,
    path: string,
    init: { body?: string | Uint8Array; headers?: Record<string, string> } = {},
  ) {
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers: init.headers ?? {},
      body: init.body ?? null,
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text };
  }

  async #send<Body>(
    method: string,
    path: string,
    init: { body?: unknown; headers?: Record<string, string> },
  ): Promise<ApiAnswer<Body>> {
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers: {
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...init.headers,
      },
      body: init.body === undefined ? null : JSON.stringify(init.body),
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: (text === '' ? undefined : JSON.parse(text)) as Body,
    };
  }
}
