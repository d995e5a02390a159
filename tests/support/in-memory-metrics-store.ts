import { DomainError } from '../../shared/domain/domain-error.js';
import type {
  MetricsStore,
  MinuteBucket,
  PartitionCommit,
  PartitionMetrics,
  SetAsideRecord,
} from '../../shared/application/ports/metrics-store.js';

interface PartitionState {
  watermark: number | undefined;
  readonly buckets: Map<string, MinuteBucket>;
}

/** Per-partition buckets, watermark and set-aside records, committed together as one partition transaction would. */
export class InMemoryMetricsStore implements MetricsStore {
  readonly #partitions = new Map<string, PartitionState>();
  readonly setAside: SetAsideRecord[] = [];
  #failNextCommit: Error | undefined;

  /** Makes the next commit fail with `error`, writing nothing, as a crash before the transaction would. */
  failNextCommit(error: Error): void {
    this.#failNextCommit = error;
  }

  watermarkOf(partitionId: string): number | undefined {
    return this.#partitions.get(partitionId)?.watermark;
  }

  load(query: { partitionId: string; minutes: readonly string[] }): Promise<PartitionMetrics> {
    const state = this.#partitions.get(query.partitionId);
    const buckets = query.minutes.flatMap((minute) => {
      const bucket = state?.buckets.get(minute);
      return bucket === undefined ? [] : [structuredClone(bucket)];
    });
    return Promise.resolve({ watermark: state?.watermark, buckets });
  }

  commit(commit: PartitionCommit): Promise<void> {
    const failure = this.#failNextCommit;
    this.#failNextCommit = undefined;
    if (failure !== undefined) return Promise.reject(failure);
    const state = this.#partitions.get(commit.partitionId) ?? { watermark: undefined, buckets: new Map() };
    if (state.watermark !== commit.expectedWatermark) {
      return Promise.reject(
        new DomainError('concurrency_conflict', `Partition ${commit.partitionId} moved on.`),
      );
    }
    for (const bucket of commit.buckets) state.buckets.set(bucket.minute, structuredClone(bucket));
    state.watermark = commit.watermark;
    this.#partitions.set(commit.partitionId, state);
    this.setAside.push(...structuredClone(commit.setAside));
    return Promise.resolve();
  }

  listBuckets(query: { fromMinute: string; toMinute: string }): Promise<readonly MinuteBucket[]> {
    const buckets = [...this.#partitions.values()].flatMap((state) =>
      [...state.buckets.values()].filter(
        (bucket) => bucket.minute >= query.fromMinute && bucket.minute <= query.toMinute,
      ),
    );
    return Promise.resolve(structuredClone(buckets));
  }
}
