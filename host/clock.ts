/**
 * Time as the host sees it: schedules, retry delays and function timeouts go through a Clock, so tests move time
 * forward instead of sleeping. Same shape as the emulator's clock, so one instance can drive both.
 */
export interface Clock {
  now(): number;
  /** Runs `callback` once `now()` has reached `at` (epoch ms). */
  setTimer(at: number, callback: () => void): Timer;
}

export interface Timer {
  cancel(): void;
}

// setTimeout fires at once for delays above 2^31-1 ms (about 24.8 days); a yearly schedule must wait in steps.
const longestTimeout = 2_147_483_647;

/** Wall-clock time with real timers; timers never keep the process alive on their own. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(at, callback) {
    let handle: NodeJS.Timeout;
    const arm = (): void => {
      const delay = at - Date.now();
      handle = setTimeout(
        delay > longestTimeout ? arm : callback,
        Math.min(Math.max(0, delay), longestTimeout),
      );
      handle.unref();
    };
    arm();
    return { cancel: () => clearTimeout(handle) };
  },
};
