import type { TelemetrySink } from '../ports/telemetry-sink.js';
import { telemetryRecords } from '../telemetry/telemetry-records.js';
import type { OutboxEntry } from './outbox-entry.js';
import { dispatchOutbox, type DispatchFailure, type DispatchOutboxDeps } from './dispatch-outbox.js';

/**
 * Called by a use case right after it committed an order change: publishes the change's messages at once, so the
 * sweeper only has to catch what a crash or an outage left behind. Never fails the use case, whose change is
 * already committed; failures are reported as telemetry and left to the sweeper.
 */
export interface OutboxRelay {
  /**
   * `pending`: every entry of the order still pending, when the caller knows them; otherwise the store's knowledge
   * right after this instance's change serves, or they are read.
   */
  relay(orderId: string, pending?: readonly OutboxEntry[]): Promise<void>;
}

export interface OutboxRelayDeps extends DispatchOutboxDeps {
  readonly telemetry: TelemetrySink;
}

export function createOutboxRelay(deps: OutboxRelayDeps): OutboxRelay {
  const report = (failure: DispatchFailure): void => {
    deps.telemetry.emit(telemetryRecords.outboxDispatchFailed({ ...failure, at: deps.clock.now() }));
  };
  return {
    async relay(orderId, pending) {
      try {
        const known = pending ?? deps.outbox.knownPending(orderId);
        const { failures } = await dispatchOutbox(deps, known ? { orderId, pending: known } : { orderId });
        failures.forEach(report);
      } catch (error) {
        report({ orderId, error });
      }
    },
  };
}
