/**
 * Time as the emulators see it. Every lock, TTL, schedule, retention and retry deadline goes through a Clock,
 * so tests move time forward instead of sleeping.
 */
export interface Clock {
  now(): number;
  /** Runs `callback` once `now()` has reached `at` (epoch ms). */
  setTimer(at: number, callback: () => void): Timer;
}

export interface Timer {
  cancel(): void;
}

/** Wall-clock time with real timers; timers never keep the process alive on their own. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(at, callback) {
    const handle = setTimeout(callback, Math.max(0, at - Date.now()));
    handle.unref();
    return { cancel: () => clearTimeout(handle) };
  },
};

interface PendingTimer {
  at: number;
  seq: number;
  callback: () => void;
}

/** A clock that only moves when told to; due timers fire in deadline order during `advance`. */
export class ManualClock implements Clock {
  #now: number;
  #seq = 0;
  #timers = new Set<PendingTimer>();

  // Starts at the real time: the SDKs compare lock and expiry times the emulator hands out with their own clock.
  constructor(start = Date.now()) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimer(at: number, callback: () => void): Timer {
    const timer: PendingTimer = { at, seq: this.#seq++, callback };
    this.#timers.add(timer);
    return { cancel: () => this.#timers.delete(timer) };
  }

  /** Moves time forward by `ms`, firing every timer that falls due, each at its own deadline. */
  advance(ms: number): void {
    const target = this.#now + ms;
    for (;;) {
      const next = this.#nextDue(target);
      if (!next) break;
      this.#timers.delete(next);
      this.#now = Math.max(this.#now, next.at);
      next.callback();
    }
    this.#now = target;
  }

  #nextDue(limit: number): PendingTimer | undefined {
    let best: PendingTimer | undefined;
    for (const timer of this.#timers) {
      if (timer.at > limit) continue;
      if (!best || timer.at < best.at || (timer.at === best.at && timer.seq < best.seq)) best = timer;
    }
    return best;
  }
}
