/**
 * Formats of the identifiers that cross the system's edges. They double as storage keys and message ids, so they
 * exclude every character Table Storage forbids in keys (`/ \ # ?`) and stay short enough to derive Service Bus
 * message ids (128 characters at most) from them.
 */
export const identifierPatterns = {
  orderId: /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/,
  customerId: /^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$/,
  sku: /^[A-Z0-9][A-Z0-9-]{1,31}$/,
} as const;

export type IdentifierKind = keyof typeof identifierPatterns;

export function isIdentifier(kind: IdentifierKind, value: string): boolean {
  return identifierPatterns[kind].test(value);
}
