import { DomainError } from '../../domain/domain-error.js';
import type { OrderStatus } from '../../domain/order.js';

export interface OrderFilter {
  readonly customerId?: string | undefined;
  readonly status?: OrderStatus | undefined;
}

interface TokenContent {
  readonly v: 1;
  readonly customerId: string | null;
  readonly status: string | null;
  readonly store: string;
}

/**
 * Wraps the store's continuation token with the filter it belongs to, so a token only continues the query that
 * issued it: reused with another filter, it would silently skip or repeat orders. Opaque to clients, not secret;
 * the store still validates its own part.
 */
export const continuationToken = {
  seal(storeToken: string, filter: OrderFilter): string {
    const content: TokenContent = {
      v: 1,
      customerId: filter.customerId ?? null,
      status: filter.status ?? null,
      store: storeToken,
    };
    return Buffer.from(JSON.stringify(content)).toString('base64url');
  },

  open(token: string, filter: OrderFilter): string {
    const content = decode(token);
    if (content === undefined) throw invalid('The continuation token is not valid.');
    if (content.customerId !== (filter.customerId ?? null) || content.status !== (filter.status ?? null)) {
      throw invalid('The continuation token belongs to a query with other filters.');
    }
    return content.store;
  },
} as const;

function decode(token: string): TokenContent | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    return isTokenContent(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function isTokenContent(value: unknown): value is TokenContent {
  if (typeof value !== 'object' || value === null) return false;
  const content = value as Record<string, unknown>;
  return (
    content['v'] === 1 &&
    (typeof content['customerId'] === 'string' || content['customerId'] === null) &&
    (typeof content['status'] === 'string' || content['status'] === null) &&
    typeof content['store'] === 'string'
  );
}

function invalid(message: string): DomainError {
  return new DomainError('validation_failed', message, {
    issues: [{ pointer: '/continuationToken', message }],
  });
}
