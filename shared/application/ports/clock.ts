/** Epoch milliseconds. The same shape as the emulator's clock's `now()`, so a test can drive both with one. */
export interface Clock {
  now(): number;
}

/** The clock's time as the ISO 8601 UTC timestamp the domain records. */
export function currentTimestamp(clock: Clock): string {
  return new Date(clock.now()).toISOString();
}
