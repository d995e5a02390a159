import type { InvocationContext } from '@azure/functions';
import type { AggregateTelemetryInput } from '../../shared/application/telemetry/aggregate-telemetry.js';

/**
 * An Event Hubs batch (`cardinality: 'many'`) as the aggregator takes it: the partition it came from and each body
 * with its sequence number. A batch always comes from one partition; without the partition or the sequence numbers
 * the batch cannot be applied exactly once, so that is an error (the function's retry policy retries), not something
 * to guess.
 */
export function telemetryBatchOf(
  bodies: readonly unknown[],
  context: InvocationContext,
): AggregateTelemetryInput {
  const metadata = context.triggerMetadata ?? {};
  const partitionContext = (metadata['partitionContext'] ?? metadata['triggerPartitionContext']) as
    { partitionId?: unknown } | undefined;
  const partitionId = partitionContext?.partitionId;
  const sequenceNumbers = metadata['sequenceNumberArray'];
  if (
    typeof partitionId !== 'string' ||
    !Array.isArray(sequenceNumbers) ||
    sequenceNumbers.length !== bodies.length
  ) {
    throw new Error('The Event Hubs trigger metadata lacks the partition id or a sequence number per event.');
  }
  return {
    partitionId,
    events: bodies.map((body, index) => ({ sequenceNumber: asNumber(sequenceNumbers[index]), body })),
  };
}

// A long arrives as a number, a string or a protobuf Long, depending on how the host serialised it.
function asNumber(value: unknown): number {
  if (typeof value === 'object' && value !== null && 'toNumber' in value) {
    return (value as { toNumber(): number }).toNumber();
  }
  const number = Number(value);
  if (!Number.isSafeInteger(number)) throw new Error(`Not a sequence number: ${String(value)}.`);
  return number;
}
