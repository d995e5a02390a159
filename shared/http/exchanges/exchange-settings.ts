/** The HTTP edge's limits and hints, passed in by the composition (see `order-application-settings.ts`). */
export interface ExchangeSettings {
  readonly maxBodyBytes: number;
  readonly maxPreferWaitSeconds: number;
  readonly pendingRetryAfterSeconds: number;
}
