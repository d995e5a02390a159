/** What a subscription rule can see of a message. */
export interface FilterableMessage {
  /** System properties by their SQL names: MessageId, CorrelationId, To, ReplyTo, Label (alias Subject), SessionId, ReplyToSessionId, ContentType, SequenceNumber, EnqueuedTimeUtc, DeliveryCount, TimeToLive (ms), ... */
  system: Record<string, unknown>;
  /** Application (user) properties: string | number | boolean | Date | null values. */
  user: Record<string, unknown>;
}
