/** What the host remembers of a timer between runs (`ScheduleStatus`), as epoch ms. */
export interface ScheduleStatus {
  /** The last occurrence that ran; undefined before the first. */
  last: number | undefined;
  next: number;
  lastUpdated: number;
}

/**
 * Where schedule statuses live between host runs. Azure keeps them in AzureWebJobsStorage; a store that outlives
 * the host lets a restarted host see a missed occurrence and run it with `isPastDue`.
 */
export interface ScheduleStatusStore {
  get(timerName: string): Promise<ScheduleStatus | undefined>;
  set(timerName: string, status: ScheduleStatus): Promise<void>;
}

export class InMemoryScheduleStatusStore implements ScheduleStatusStore {
  readonly #statuses = new Map<string, ScheduleStatus>();

  get(timerName: string): Promise<ScheduleStatus | undefined> {
    const status = this.#statuses.get(timerName);
    return Promise.resolve(status && { ...status });
  }

  set(timerName: string, status: ScheduleStatus): Promise<void> {
    this.#statuses.set(timerName, { ...status });
    return Promise.resolve();
  }
}
