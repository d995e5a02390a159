import { randomUUID } from 'node:crypto';
import type { ReceivedEventData } from '@azure/event-hubs';
import type { Clock, Timer } from '../../clock.js';
import { drain, shutdownGraceMs } from '../../drain.js';
import type { Logger } from '../../host-log.js';
import type { FunctionExecutor, InvocationOutcome } from '../../invocation/function-executor.js';
import { executeWithRetries } from '../../invocation/retry-policy.js';
import type { RpcRetryContext } from '../../core/functions-core-types.js';
import { toError } from '../../to-error.js';
import type { EventHubsBinding } from './event-hubs-binding.js';
import type { EventHubsOptions } from './event-hubs-options.js';
import { eventsPayload, type PartitionInfo } from './event-payload.js';

// With a checkpoint every n batches, an idle partition still checkpoints its last work after this long.
const idleCheckpointMs = 10 * 60_000;

export interface PartitionProcessorOptions {
  binding: EventHubsBinding;
  options: EventHubsOptions;
  partition: PartitionInfo;
  executor: FunctionExecutor;
  logger: Logger;
  clock: Clock;
  /** Aborts when the listener stops: no checkpoint is written after the invocation then running. */
  stopping: AbortSignal;
  /** When the partition's checkpoint was last written, if it has one (for the first partial batch's wait). */
  lastCheckpointTime: number | undefined;
  /** Records the position after `event` in the checkpoint store. */
  checkpoint(event: ReceivedEventData): Promise<void>;
}

/**
 * One owned partition, as the extension's `PartitionProcessor`: the events the SDK receives run the function one
 * at a time, in order; `cardinality: 'one'` invokes per event, `'many'` per batch, holding events back until
 * `minEventBatchSize` have arrived or `maxWaitTime` has passed. A failed invocation is retried by the retry policy
 * without moving the checkpoint; once it succeeds, or the retries are spent, the batch is checkpointed (every
 * `batchCheckpointFrequency` batches) and the partition moves on. A failed event is not seen again: an app keeps
 * poison events itself. Nothing is checkpointed after the listener stops or the partition is lost, so the work
 * then running is read again by the next owner.
 */
export class PartitionProcessor {
  readonly #o: PartitionProcessorOptions;
  readonly #closed = new AbortController();
  readonly #cancelled: AbortSignal;
  readonly #cache: ReceivedEventData[] = [];
  #work: Promise<void> = Promise.resolve();
  #timer: Timer | undefined;
  #batchCounter = 0;
  #checkpointAfterInvocation = false;
  #firstInvocation = true;
  #lastProcessed: ReceivedEventData | undefined;
  #lastBatchReceivedAt: number;

  constructor(options: PartitionProcessorOptions) {
    this.#o = options;
    this.#cancelled = AbortSignal.any([options.stopping, this.#closed.signal]);
    this.#lastBatchReceivedAt = options.clock.now();
  }

  /** Handles what the SDK received (possibly nothing, after its wait); resolves when done, never rejects. */
  receive(events: ReceivedEventData[]): Promise<void> {
    return this.#enqueue(() => this.#receive(events));
  }

  /**
   * The partition is no longer read. Lost to another instance: nothing more is checkpointed. Shut down: waits for
   * the invocation running (within the shutdown grace) and, with `batchCheckpointFrequency` above 1, checkpoints
   * the batches done since the last checkpoint, as the extension does on a graceful close.
   */
  async close(reason: 'OwnershipLost' | 'Shutdown'): Promise<void> {
    this.#closed.abort();
    this.#timer?.cancel();
    this.#timer = undefined;
    this.#cache.length = 0;
    if (reason === 'OwnershipLost') return;
    await drain([this.#work], shutdownGraceMs);
    if (this.#o.options.batchCheckpointFrequency > 1 && this.#batchCounter > 0 && this.#lastProcessed) {
      await this.#checkpoint(this.#lastProcessed);
    }
  }

  #enqueue(step: () => Promise<void>): Promise<void> {
    const next = this.#work.then(step).catch((error: unknown) => {
      this.#o.logger.host(
        'error',
        `The Event Hubs listener of 'Functions.${this.#o.binding.fn.name}' failed on partition ` +
          `'${this.#o.partition.partitionId}': ${toError(error).message}`,
      );
    });
    this.#work = next;
    return next;
  }

  async #receive(events: ReceivedEventData[]): Promise<void> {
    const { options, clock } = this.#o;
    if (this.#cancelled.aborted) return;
    if (events.length === 0 && this.#idleCheckpointDue()) {
      await this.#checkpoint(this.#lastProcessed!);
      return;
    }
    if (events.length > 0) this.#lastBatchReceivedAt = clock.now();

    let toCheckpoint: ReceivedEventData | undefined;
    if (this.#o.binding.cardinality === 'one') {
      if (events.length === 0) return;
      this.#updateCheckpointContext(events);
      // As the extension does: the batch's events invoked side by side, all of them done before the next batch.
      const done = await Promise.all(events.map((event) => this.#dispatch([event])));
      if (done.every(Boolean)) toCheckpoint = events.at(-1);
    } else if (options.minEventBatchSize > 1) {
      this.#cache.push(...events);
      if (this.#cache.length >= options.minEventBatchSize) {
        const batch = this.#cache.splice(0, options.maxEventBatchSize);
        this.#timer?.cancel();
        this.#timer = undefined;
        this.#updateCheckpointContext(batch);
        if (await this.#dispatch(batch)) toCheckpoint = batch.at(-1);
      }
      if (!this.#timer && this.#cache.length > 0 && !this.#cancelled.aborted) this.#armPartialBatch();
    } else if (events.length > 0) {
      this.#updateCheckpointContext(events);
      if (await this.#dispatch(events)) toCheckpoint = events.at(-1);
    }

    if (toCheckpoint) this.#lastProcessed = toCheckpoint;
    if (toCheckpoint && this.#checkpointAfterInvocation && !this.#cancelled.aborted)
      await this.#checkpoint(toCheckpoint);
  }

  /**
   * Dispatches the held events after `maxWaitTime`, as a partial batch. The first batch of a partition waits only
   * for what is left of the wait since its last checkpoint, and not at all without one: the extension presumes
   * the wait has passed while the partition changed hands.
   */
  #armPartialBatch(): void {
    const { clock, options } = this.#o;
    let waitMs = options.maxWaitTimeMs;
    if (this.#firstInvocation) {
      const since =
        this.#o.lastCheckpointTime === undefined ? Infinity : clock.now() - this.#o.lastCheckpointTime;
      waitMs = since >= options.maxWaitTimeMs ? 0 : options.maxWaitTimeMs - Math.max(0, since);
    }
    const flush = (): void => void this.#enqueue(() => this.#dispatchHeld());
    if (waitMs === 0) {
      // Queued behind the work running now; the placeholder keeps events arriving meanwhile from arming another.
      this.#timer = { cancel: () => undefined };
      flush();
    } else this.#timer = clock.setTimer(clock.now() + waitMs, flush);
  }

  async #dispatchHeld(): Promise<void> {
    this.#timer = undefined;
    if (this.#cancelled.aborted) return;
    const batch = this.#cache.splice(0, this.#o.options.maxEventBatchSize);
    if (batch.length === 0) return;
    this.#updateCheckpointContext(batch);
    if (!(await this.#dispatch(batch))) return;
    this.#lastProcessed = batch.at(-1);
    if (this.#checkpointAfterInvocation && !this.#cancelled.aborted) await this.#checkpoint(batch.at(-1)!);
  }

  #updateCheckpointContext(events: readonly ReceivedEventData[]): void {
    this.#batchCounter += 1;
    const frequency = this.#o.options.batchCheckpointFrequency;
    this.#checkpointAfterInvocation =
      events.length > 0 && (frequency === 1 || this.#batchCounter >= frequency);
  }

  #idleCheckpointDue(): boolean {
    return (
      this.#o.options.batchCheckpointFrequency > 1 &&
      this.#batchCounter > 0 &&
      this.#lastProcessed !== undefined &&
      this.#o.clock.now() - this.#lastBatchReceivedAt >= idleCheckpointMs
    );
  }

  /**
   * Runs the function on a batch until it succeeds or the retry policy gives up (or the partition is let go).
   * Returns whether the batch is done with: a failure counts as done only when the retries were not cut short by
   * the partition closing, so a batch interrupted mid-retry is never checkpointed and replays after a restart.
   */
  async #dispatch(batch: ReceivedEventData[]): Promise<boolean> {
    const { binding, clock } = this.#o;
    const outcome = await executeWithRetries({
      policy: binding.retryPolicy,
      clock,
      signal: this.#cancelled,
      attempt: (retryContext) => this.#invoke(batch, retryContext),
    });
    this.#firstInvocation = false;
    return outcome.succeeded || !this.#cancelled.aborted;
  }

  #invoke(batch: ReceivedEventData[], retryContext: RpcRetryContext | undefined): Promise<InvocationOutcome> {
    const { binding, executor, partition } = this.#o;
    const built = eventsPayload(batch, {
      triggerName: binding.triggerName,
      cardinality: binding.cardinality,
      dataType: binding.dataType,
      partition,
      isCheckpointingAfterInvocation: this.#checkpointAfterInvocation,
    });
    if ('bindingError' in built) return Promise.resolve(this.#failBinding(built.bindingError, built.details));
    // The extension gives no trigger reason; the host prints it as "(null)".
    return executor.execute(binding.fn, {
      ...built.payload,
      reason: '(null)',
      details: built.details,
      ...(retryContext && { retryContext }),
    });
  }

  /** A batch the host cannot bind fails without reaching the worker, logged as the host logs a failed invocation. */
  #failBinding(error: Error, details: string): InvocationOutcome {
    const { fn } = this.#o.binding;
    const invocationId = randomUUID();
    const write = (level: 'information' | 'error', message: string): void =>
      this.#o.logger.write({
        level,
        category: `Function.${fn.name}`,
        message,
        functionName: fn.name,
        invocationId,
      });
    write('information', `Executing 'Functions.${fn.name}' (Reason='(null)', Id=${invocationId})`);
    write('information', details);
    write('error', `Executed 'Functions.${fn.name}' (Failed, Id=${invocationId}, Duration=0ms)`);
    write(
      'error',
      `Exception while executing function: Functions.${fn.name}. Result: Failure\nException: ${error.message}`,
    );
    return { succeeded: false, invocationId, error };
  }

  async #checkpoint(event: ReceivedEventData): Promise<void> {
    try {
      await this.#o.checkpoint(event);
      this.#batchCounter = 0;
    } catch (error) {
      this.#o.logger.host(
        'warning',
        `Could not checkpoint partition '${this.#o.partition.partitionId}' of '${this.#o.partition.eventHubName}' ` +
          `for 'Functions.${this.#o.binding.fn.name}' at sequence number ${event.sequenceNumber}: ${toError(error).message}`,
      );
    }
  }
}
