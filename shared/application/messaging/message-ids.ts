/**
 * Message ids derived from the order, never random: a resend after a crash or a retried dispatch carries the same
 * id, and the queue's duplicate detection drops it. One order sends each command at most once, so the pair
 * (order, command) is a unique id.
 */
export const messageIds = {
  reserveStock: (orderId: string): string => `${orderId}:reserve-stock`,
  reserveStockResult: (orderId: string): string => `${orderId}:reserve-stock-result`,
  releaseStock: (orderId: string): string => `${orderId}:release-stock`,
} as const;
