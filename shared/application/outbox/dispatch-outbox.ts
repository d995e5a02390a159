import type { Clock } from '../ports/clock.js';
import { currentTimestamp } from '../ports/clock.js';
import type { CommandSender } from '../ports/command-sender.js';
import type { EventPublisher } from '../ports/event-publisher.js';
import type { OutboxStore } from '../ports/outbox-store.js';
import type { OutboxEntry } from './outbox-entry.js';

export interface DispatchOutboxDeps {
  readonly outbox: OutboxStore;
  readonly events: EventPublisher;
  readonly commands: CommandSender;
  readonly clock: Clock;
}

export interface DispatchFailure {
  readonly orderId: string;
  /** Absent when the pending entries could not even be read. */
  readonly entryId?: string;
  readonly error: unknown;
}

export interface DispatchReport {
  readonly dispatched: number;
  /** Entries not attempted because an earlier entry on the same channel failed. */
  readonly heldBack: number;
  readonly failures: readonly DispatchFailure[];
}

/**
 * Publishes an order's pending outbox entries in the order they were written, then marks those published as
 * dispatched in one write. Safe to run concurrently and repeatedly: the worst case is an entry published twice
 * (published, then a crash or a failure before the mark), which consumers absorb, events by their id and commands by
 * the broker's duplicate detection on the derived MessageId.
 *
 * Order is kept per channel: after a failure, the order's later entries on that channel wait for the next run (a
 * ReleaseStock must not overtake its ReserveStock), while the other channel carries on (an Event Grid outage does
 * not hold back a command). The two channels are published side by side.
 *
 * `pending`, when given, is every entry of the order still pending, as the caller knows it (a use case that just
 * created the order knows its only entries); otherwise they are read.
 */
export async function dispatchOutbox(
  deps: DispatchOutboxDeps,
  input: { readonly orderId: string; readonly pending?: readonly OutboxEntry[] },
): Promise<DispatchReport> {
  const pending = input.pending ?? (await deps.outbox.listPending(input.orderId));
  const channels = [...new Set(pending.map((entry) => entry.message.kind))].map((kind) =>
    pending.filter((entry) => entry.message.kind === kind),
  );
  const outcomes = await Promise.all(channels.map((entries) => publishInOrder(deps, entries)));
  const published = outcomes.flatMap((outcome) => outcome.published);
  const failures = outcomes.flatMap((outcome) => outcome.failures);
  const heldBack = outcomes.reduce((sum, outcome) => sum + outcome.heldBack, 0);
  if (published.length === 0) return { dispatched: 0, heldBack, failures };
  try {
    await deps.outbox.markDispatched({
      orderId: input.orderId,
      entryIds: published.map((entry) => entry.entryId),
      at: currentTimestamp(deps.clock),
    });
  } catch (error) {
    // Published but still pending: the next run publishes them again, which consumers absorb.
    const unmarked = published.map((entry) => ({ orderId: entry.orderId, entryId: entry.entryId, error }));
    return { dispatched: 0, heldBack, failures: [...failures, ...unmarked] };
  }
  return { dispatched: published.length, heldBack, failures };
}

/** One channel's entries, one after the other; the first failure holds back the rest. */
async function publishInOrder(
  deps: DispatchOutboxDeps,
  entries: readonly OutboxEntry[],
): Promise<{ published: OutboxEntry[]; heldBack: number; failures: DispatchFailure[] }> {
  const published: OutboxEntry[] = [];
  for (const [index, entry] of entries.entries()) {
    try {
      await publish(deps, entry);
      published.push(entry);
    } catch (error) {
      const failures = [{ orderId: entry.orderId, entryId: entry.entryId, error }];
      return { published, heldBack: entries.length - index - 1, failures };
    }
  }
  return { published, heldBack: 0, failures: [] };
}

function publish(deps: DispatchOutboxDeps, entry: OutboxEntry): Promise<void> {
  return entry.message.kind === 'event'
    ? deps.events.publish(entry.message.event)
    : deps.commands.send(entry.message.command);
}
