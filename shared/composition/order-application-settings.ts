import { defaultCancellationPolicy, type CancellationPolicy } from '../domain/cancellation-policy.js';

/**
 * Behaviour that is a decision of this application, not of its deployment: kept in code, reviewed with it.
 */
export const orderApplicationSettings = {
  cancellationPolicy: defaultCancellationPolicy satisfies CancellationPolicy,
  outbox: {
    /** NCRONTAB: every minute. The relay publishes within milliseconds; the sweep is only the safety net. */
    sweepSchedule: '0 */1 * * * *',
    /** Entries younger than this are the relay's; older ones were left behind. */
    sweepOlderThanMs: 30_000,
    sweepLimit: 500,
  },
  http: {
    /** An order of 50 lines is about 4 KB; anything near this cap is not an order. */
    maxBodyBytes: 64 * 1024,
    /** `Prefer: wait=N` is honoured up to this many seconds, far below the 230 s Azure allows a response. */
    maxPreferWaitSeconds: 20,
    /** What `Retry-After` tells a client polling a pending order. */
    pendingRetryAfterSeconds: 1,
  },
} as const;
