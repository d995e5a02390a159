/** count, sum, min and max of one metric: enough for rates and means, and merged exactly across partitions. */
export interface Aggregate {
  readonly count: number;
  readonly sum: number;
  readonly min: number;
  readonly max: number;
}

/** The metrics of one minute (`2025-01-31T09:05Z`), by metric name. */
export interface MinuteBucket {
  readonly minute: string;
  readonly metrics: Readonly<Record<string, Aggregate>>;
}

/** A telemetry record that could not be read, kept for inspection instead of failing its batch. */
export interface SetAsideRecord {
  readonly partitionId: string;
  readonly sequenceNumber: number;
  readonly reason: string;
  /** The body as received, truncated. */
  readonly body: string;
}

export interface PartitionMetrics {
  /** The sequence number of the last event applied from this partition; undefined before the first. */
  readonly watermark: number | undefined;
  /** The stored buckets among the requested minutes. */
  readonly buckets: readonly MinuteBucket[];
}

export interface PartitionCommit {
  readonly partitionId: string;
  readonly expectedWatermark: number | undefined;
  readonly watermark: number;
  /** Buckets with their new totals (not increments), replacing the stored ones. */
  readonly buckets: readonly MinuteBucket[];
  readonly setAside: readonly SetAsideRecord[];
}

/**
 * Per-minute metrics kept per Event Hubs partition, each with its watermark. Keeping a partition's buckets, its
 * set-aside records and its watermark together lets one atomic write (one Table Storage transaction, partition
 * key = hub partition) apply a batch exactly once, however often Event Hubs delivers it.
 */
export interface MetricsStore {
  load(query: {
    readonly partitionId: string;
    readonly minutes: readonly string[];
  }): Promise<PartitionMetrics>;
  /** Atomic, and only if the watermark is still `expectedWatermark`; otherwise throws `concurrency_conflict`. */
  commit(commit: PartitionCommit): Promise<void>;
  /** Every partition's buckets for minutes in [fromMinute, toMinute]. */
  listBuckets(query: {
    readonly fromMinute: string;
    readonly toMinute: string;
  }): Promise<readonly MinuteBucket[]>;
}
