import { odata, type TableClient, type TransactionAction } from '@azure/data-tables';
import { DomainError } from '../domain/domain-error.js';
import type {
  Aggregate,
  MetricsStore,
  MinuteBucket,
  PartitionCommit,
  PartitionMetrics,
} from '../application/ports/metrics-store.js';
import { EtagCache } from './table-storage/etag-cache.js';
import { conditionally, readOrUndefined } from './table-storage/table-errors.js';
import { tableKey } from './table-storage/table-keys.js';

const watermarkKey = 'watermark';
const bucketKey = (minute: string): string => `bucket-${minute}`;
// Zero-padded so set-aside records sort by sequence number.
const setAsideKey = (sequenceNumber: number): string =>
  `setaside-${String(sequenceNumber).padStart(20, '0')}`;

/** An entity-group transaction holds at most 100 operations. */
const maxOperations = 100;

type WatermarkEntity = {
  readonly partitionKey: string;
  readonly rowKey: string;
  readonly SequenceNumber: number;
};
type BucketEntity = {
  readonly partitionKey: string;
  readonly rowKey: string;
  readonly Minute: string;
  readonly Metrics: string;
};

/**
 * Per-minute metrics per Event Hubs partition: the table partition is the hub partition, so a batch's new totals,
 * its set-aside records and the watermark commit in one transaction. Each event of a batch either adds to a bucket
 * or is set aside, so a batch of up to 99 events always fits the 100-operation limit (host.json keeps batches
 * smaller).
 */
export class TableStorageMetricsStore implements MetricsStore {
  readonly #table: TableClient;
  readonly #etags = new EtagCache(1_000);

  constructor(table: TableClient) {
    this.#table = table;
  }

  async load(query: { partitionId: string; minutes: readonly string[] }): Promise<PartitionMetrics> {
    const partitionKey = tableKey(query.partitionId);
    const [watermark, buckets] = await Promise.all([
      readOrUndefined(() => this.#table.getEntity<WatermarkEntity>(partitionKey, watermarkKey)),
      this.#bucketsOf(partitionKey, query.minutes),
    ]);
    if (watermark !== undefined) this.#etags.remember(partitionKey, watermark.SequenceNumber, watermark.etag);
    return { watermark: watermark?.SequenceNumber, buckets };
  }

  async commit(commit: PartitionCommit): Promise<void> {
    const partitionKey = tableKey(commit.partitionId);
    const watermark: WatermarkEntity = {
      partitionKey,
      rowKey: watermarkKey,
      SequenceNumber: commit.watermark,
    };
    const actions: TransactionAction[] = [
      commit.expectedWatermark === undefined
        ? ['create', watermark]
        : [
            'update',
            watermark,
            'Replace',
            { etag: await this.#etagAt(partitionKey, commit.expectedWatermark) },
          ],
      // The watermark's condition guards the whole transaction, so buckets and records can be plain upserts.
      ...commit.buckets.map((bucket): TransactionAction => [
        'upsert',
        {
          partitionKey,
          rowKey: bucketKey(bucket.minute),
          Minute: bucket.minute,
          Metrics: JSON.stringify(bucket.metrics),
        },
        'Replace',
      ]),
      ...commit.setAside.map((record): TransactionAction => [
        'upsert',
        {
          partitionKey,
          rowKey: setAsideKey(record.sequenceNumber),
          SequenceNumber: record.sequenceNumber,
          Reason: record.reason,
          Body: record.body,
        },
        'Replace',
      ]),
    ];
    if (actions.length > maxOperations) {
      throw new Error(
        `A telemetry batch needs ${actions.length} table operations, more than the ${maxOperations} one ` +
          'transaction allows; lower extensions.eventHubs.maxEventBatchSize in host.json.',
      );
    }
    const response = await conditionally(`The metrics of partition ${commit.partitionId}`, () =>
      this.#table.submitTransaction(actions),
    );
    this.#etags.remember(partitionKey, commit.watermark, response.subResponses[0]?.etag);
  }

  async listBuckets(query: { fromMinute: string; toMinute: string }): Promise<readonly MinuteBucket[]> {
    const filter = odata`RowKey ge ${bucketKey(query.fromMinute)} and RowKey le ${bucketKey(query.toMinute)}`;
    const buckets: MinuteBucket[] = [];
    for await (const entity of this.#table.listEntities<BucketEntity>({ queryOptions: { filter } })) {
      buckets.push(bucketOf(entity));
    }
    return buckets;
  }

  async #bucketsOf(partitionKey: string, minutes: readonly string[]): Promise<MinuteBucket[]> {
    if (minutes.length === 0) return [];
    const sorted = [...minutes].sort();
    const wanted = new Set(minutes);
    const filter =
      odata`PartitionKey eq ${partitionKey} and RowKey ge ${bucketKey(sorted[0] ?? '')}` +
      odata` and RowKey le ${bucketKey(sorted.at(-1) ?? '')}`;
    const buckets: MinuteBucket[] = [];
    for await (const entity of this.#table.listEntities<BucketEntity>({ queryOptions: { filter } })) {
      if (wanted.has(entity.Minute)) buckets.push(bucketOf(entity));
    }
    return buckets;
  }

  async #etagAt(partitionKey: string, watermark: number): Promise<string> {
    const known = this.#etags.etagOf(partitionKey, watermark);
    if (known !== undefined) return known;
    const entity = await readOrUndefined(() =>
      this.#table.getEntity<WatermarkEntity>(partitionKey, watermarkKey),
    );
    if (entity?.SequenceNumber !== watermark || entity.etag === undefined) {
      throw new DomainError(
        'concurrency_conflict',
        `Partition ${partitionKey} is no longer at ${watermark}.`,
      );
    }
    return entity.etag;
  }
}

function bucketOf(entity: BucketEntity): MinuteBucket {
  return { minute: entity.Minute, metrics: JSON.parse(entity.Metrics) as Record<string, Aggregate> };
}
