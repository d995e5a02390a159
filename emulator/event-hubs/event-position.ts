/** Where a reader starts, in every form the Event Hubs SDKs can express. */
export type EventPosition =
  | { kind: 'earliest' }
  | { kind: 'latest' }
  | { kind: 'offset'; offset: number; inclusive: boolean }
  | { kind: 'sequence-number'; sequenceNumber: number; inclusive: boolean }
  /** Events enqueued strictly after `enqueuedAt` (epoch ms). */
  | { kind: 'enqueued-time'; enqueuedAt: number };
