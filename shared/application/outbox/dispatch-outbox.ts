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
 * Publishes an order's pending outbox entries in the order they were written, marking each as dispatched once
 * published. Safe to run concurrently and repeatedly: the worst case is an entry published twice (published, then
 * a crash before the mark), which consumers absorb, events by their id and commands by the broker's duplicate
 * detection on the derived MessageId.
 *
 * Order is kept per channel: after a failure, the order's later entries on that channel wait for the next run (a
 * ReleaseStock must not overtake its ReserveStock), while the other channel carries on (an Event Grid outage does
 * not hold back a command).
 */
export async function dispatchOutbox(
  deps: DispatchOutboxDeps,
  input: { readonly orderId: string },
): Promise<DispatchReport> {
  const pending = await deps.outbox.listPending(input.orderId);
  const blockedChannels = new Set<OutboxEntry['message']['kind']>();
  const failures: DispatchFailure[] = [];
  let dispatched = 0;
  let heldBack = 0;
  for (const entry of pending) {
    const channel = entry.message.kind;
    if (blockedChannels.has(channel)) {
      heldBack += 1;
      continue;
    }
    try {
      await publish(deps, entry);
      await deps.outbox.markDispatched({
        orderId: entry.orderId,
        entryId: entry.entryId,
        at: currentTimestamp(deps.clock),
      });
      dispatched += 1;
    } catch (error) {
      blockedChannels.add(channel);
      failures.push({ orderId: entry.orderId, entryId: entry.entryId, error });
    }
  }
  return { dispatched, heldBack, failures };
}

function publish(deps: DispatchOutboxDeps, entry: OutboxEntry): Promise<void> {
  return entry.message.kind === 'event'
    ? deps.events.publish(entry.message.event)
    : deps.commands.send(entry.message.command);
}
