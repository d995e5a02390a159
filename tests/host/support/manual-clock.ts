import type { Clock, Timer } from '../../../host/clock.js';

/** A clock that moves only when a test says so; due timers fire in deadline order while it advances. */
export class ManualClock implements Clock {
  #now: number;
  #timers = new Set<{ at: number; seq: number; callback: () => void }>();
  #seq = 0;

  constructor(start: number) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimer(at: number, callback: () => void): Timer {
    const timer = { at, seq: this.#seq++, callback };
    this.#timers.add(timer);
    return { cancel: () => this.#timers.delete(timer) };
  }

  /** How many timers wait to fire. */
  get pendingTimers(): number {
    return this.#timers.size;
  }

  /** Whether a timer waits for exactly `at`, for tests that must know the host armed it before moving time. */
  hasTimerAt(at: number): boolean {
    return [...this.#timers].some((timer) => timer.at === at);
  }

  advance(ms: number): void {
    this.advanceTo(this.#now + ms);
  }

  advanceTo(target: number): void {
    for (;;) {
      const due = [...this.#timers]
        .filter((timer) => timer.at <= target)
        .sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.#timers.delete(due);
      this.#now = Math.max(this.#now, due.at);
      due.callback();
    }
    this.#now = Math.max(this.#now, target);
  }
}
