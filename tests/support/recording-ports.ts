import type { CommandSender } from '../../shared/application/ports/command-sender.js';
import type {
  CustomerNotification,
  CustomerNotifier,
} from '../../shared/application/ports/customer-notifier.js';
import type { EventPublisher } from '../../shared/application/ports/event-publisher.js';
import type { ReplySender } from '../../shared/application/ports/reply-sender.js';
import type { TelemetrySink } from '../../shared/application/ports/telemetry-sink.js';
import type { OrderEventV1 } from '../../shared/application/contracts/order-events.js';
import type { TelemetryRecord } from '../../shared/application/contracts/telemetry-records.js';
import type { OutgoingCommand } from '../../shared/application/messaging/outgoing-command.js';
import type { OutgoingReply } from '../../shared/application/messaging/outgoing-reply.js';

/**
 * Records what a sending port was given. `failNext` queues errors: each call takes the next one and throws it
 * instead of recording, as a broker outage would.
 */
class Recorder<T> {
  readonly sent: T[] = [];
  readonly #failures: Error[] = [];

  failNext(...errors: Error[]): void {
    this.#failures.push(...errors);
  }

  protected record(item: T): Promise<void> {
    const failure = this.#failures.shift();
    if (failure !== undefined) return Promise.reject(failure);
    this.sent.push(structuredClone(item));
    return Promise.resolve();
  }
}

export class RecordingEventPublisher extends Recorder<OrderEventV1> implements EventPublisher {
  publish(event: OrderEventV1): Promise<void> {
    return this.record(event);
  }
}

export class RecordingCommandSender extends Recorder<OutgoingCommand> implements CommandSender {
  send(command: OutgoingCommand): Promise<void> {
    return this.record(command);
  }
}

export class RecordingReplySender extends Recorder<OutgoingReply> implements ReplySender {
  send(reply: OutgoingReply): Promise<void> {
    return this.record(reply);
  }
}

export class RecordingCustomerNotifier extends Recorder<CustomerNotification> implements CustomerNotifier {
  send(notification: CustomerNotification): Promise<void> {
    return this.record(notification);
  }
}

export class RecordingTelemetrySink implements TelemetrySink {
  readonly records: TelemetryRecord[] = [];

  emit(record: TelemetryRecord): void {
    this.records.push(structuredClone(record));
  }
}
