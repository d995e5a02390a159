export interface CustomerNotification {
  /** Stable per cause (the event id), so a provider that deduplicates can drop a repeat. */
  readonly notificationId: string;
  readonly customerId: string;
  readonly orderId: string;
  readonly subject: string;
  readonly body: string;
}

/** Tells a customer something (e-mail, push, ...). */
export interface CustomerNotifier {
  send(notification: CustomerNotification): Promise<void>;
}
