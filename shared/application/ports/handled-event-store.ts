export interface HandledEventKey {
  /** The subscriber, so two subscribers of one event keep separate records. */
  readonly handler: string;
  readonly eventId: string;
}

/** Which events a subscriber has already handled: the idempotent receiver's memory. */
export interface HandledEventStore {
  has(key: HandledEventKey): Promise<boolean>;
  /** Idempotent: recording an event twice is fine. */
  add(key: HandledEventKey & { readonly handledAt: string }): Promise<void>;
}
