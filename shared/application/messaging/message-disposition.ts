/**
 * What a message edge does once a handler returns. Handlers return the outcomes they expect, including the
 * permanent failures (dead-letter with a reason: redelivery cannot help); a thrown error means a transient
 * failure, and the edge lets the broker redeliver (Service Bus abandons, Event Grid retries on a 5xx).
 */
export const deadLetterReasons = [
  'malformed_message',
  'unknown_message_type',
  'missing_reply_address',
  'unexpected_correlation',
  'unknown_order',
  'unknown_sku',
] as const;

export type DeadLetterReason = (typeof deadLetterReasons)[number];

export interface Completed<Outcome extends string> {
  readonly disposition: 'complete';
  readonly outcome: Outcome;
}

export interface DeadLetter {
  readonly disposition: 'dead-letter';
  readonly reason: DeadLetterReason;
  readonly description: string;
}

export type MessageDisposition<Outcome extends string> = Completed<Outcome> | DeadLetter;

export function completed<Outcome extends string>(outcome: Outcome): Completed<Outcome> {
  return { disposition: 'complete', outcome };
}

export function deadLetter(reason: DeadLetterReason, description: string): DeadLetter {
  // Service Bus caps the dead-letter description; the reason code is what alerts and tooling key on.
  return { disposition: 'dead-letter', reason, description: description.slice(0, 1_000) };
}
