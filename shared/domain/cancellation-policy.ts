/**
 * How long a confirmed order may still be cancelled. Stock is reserved by then, so the window stands for the time
 * before the warehouse starts picking; after it, the customer would need a return instead.
 */
export interface CancellationPolicy {
  readonly confirmedOrderWindowMs: number;
}

export const defaultCancellationPolicy: CancellationPolicy = { confirmedOrderWindowMs: 60 * 60 * 1000 };
