import { EventHubError } from './event-hub-error.js';

/** A reader as the owner-level rules see it. */
export interface RegisteredReader {
  /** The owner level (AMQP epoch); undefined for a non-epoch reader. */
  ownerLevel: number | undefined;
  /** The identifier the client gave, shown in quota errors. */
  name: string | undefined;
  /** Called when a newer owner takes the partition over. */
  disconnect(error: EventHubError): void;
}

/** Azure's quota of non-epoch readers per partition and consumer group. */
export const maxNonEpochReaders = 5;

/**
 * The readers of one partition in one consumer group, under Azure's owner-level (epoch) rules: a reader with an
 * owner level at least as high as every current one takes the partition over and the others are disconnected; a
 * lower one is refused; non-epoch readers are refused while an epoch reader exists, and at most five may share it.
 */
export class ReaderRegistry {
  readonly #readers = new Set<RegisteredReader>();

  /** Admits `reader` or throws; returns the function that removes it again. */
  admit(reader: RegisteredReader): () => void {
    const highest = this.#highestOwnerLevel();
    if (reader.ownerLevel === undefined) {
      if (highest !== undefined) {
        throw new EventHubError(
          'reader-superseded',
          `At least one receiver for the endpoint is created with epoch of '${highest}', and so non-epoch receiver is not allowed. ` +
            'Either reconnect with a higher epoch, or make sure all epoch receivers are closed or disconnected.',
        );
      }
      if (this.#readers.size >= maxNonEpochReaders) {
        const names = [...this.#readers].map((existing) => existing.name ?? 'nil').join(', ');
        throw new EventHubError(
          'reader-quota-exceeded',
          `Exceeded the maximum number of allowed receivers per partition in a consumer group which is ${maxNonEpochReaders}. ` +
            `List of connected receivers - ${names}.`,
        );
      }
    } else if (highest !== undefined && reader.ownerLevel < highest) {
      throw new EventHubError(
        'owner-level-too-low',
        `Receiver 'nil' with higher epoch of '${highest}' already exists. Receiver with epoch '${reader.ownerLevel}' cannot be created. ` +
          'Make sure you are creating receiver with increasing epoch value to ensure connectivity, or ensure all old epoch receivers are closed or disconnected.',
      );
    } else {
      for (const existing of [...this.#readers]) {
        this.#readers.delete(existing);
        existing.disconnect(
          new EventHubError(
            'reader-superseded',
            `New receiver '${reader.name ?? 'nil'}' with higher epoch of '${reader.ownerLevel}' is created hence current receiver ` +
              `'${existing.name ?? 'nil'}' with epoch '${existing.ownerLevel ?? 'nil'}' is getting disconnected. ` +
              'If you are recreating the receiver, make sure a higher epoch is used.',
          ),
        );
      }
    }
    this.#readers.add(reader);
    return () => this.#readers.delete(reader);
  }

  get size(): number {
    return this.#readers.size;
  }

  #highestOwnerLevel(): number | undefined {
    let highest: number | undefined;
    for (const reader of this.#readers) {
      if (reader.ownerLevel !== undefined && (highest === undefined || reader.ownerLevel > highest))
        highest = reader.ownerLevel;
    }
    return highest;
  }
}
