import type { EventContext, Sender } from '../../amqp/rhea.js';
import { localAttach, remoteAttach } from '../../amqp/rhea.js';
import { AmqpError, condition } from '../../amqp/conditions.js';
import type { ConnectionContext } from '../../amqp/connection-context.js';
import { OutgoingLink } from '../../amqp/outgoing-link.js';
import type { EventHub } from '../event-hub.js';
import type { PartitionReader } from '../partition-reader.js';
import type { AmqpEvent } from './amqp-event.js';
import { capability, hasCapability } from './capabilities.js';
import { encodeEvent } from './delivery-encoding.js';
import { toAmqpError } from './event-hub-error-conditions.js';
import { eventPositionOf } from './selector-filter.js';

const epochProperty = 'com.microsoft:epoch';
const receiverNameProperty = 'com.microsoft:receiver-name';

/**
 * A reader's link on `<hub>/ConsumerGroups/<cg>/Partitions/<n>`: starts at the position of its selector filter,
 * sends exactly as many events as the credit allows (settled: the service keeps no per-delivery state), waits at the
 * end of the log, and is detached with `amqp:link:stolen` when a reader with a higher owner level takes over.
 */
export function attachConsumeLink(options: {
  context: EventContext;
  connection: ConnectionContext;
  hub: EventHub<AmqpEvent>;
  consumerGroup: string;
  partitionId: string;
  clock: { now(): number };
}): void {
  const { hub, connection, clock } = options;
  const sender = options.context.sender as Sender;
  const remote = remoteAttach(sender);
  const attach = localAttach(sender);
  attach.snd_settle_mode = 1;
  attach.rcv_settle_mode = 0;
  const tracksLastEnqueued = hasCapability(remote.desired_capabilities, capability.runtimeMetric);
  if (tracksLastEnqueued) attach.offered_capabilities = [capability.runtimeMetric];

  const outgoing = new OutgoingLink(sender);
  const detach = (error: unknown): void => {
    const amqpError = toAmqpError(error);
    sender.close({ condition: amqpError.condition, description: amqpError.message });
  };
  let reader: PartitionReader<AmqpEvent>;
  try {
    reader = hub.openReader({
      consumerGroup: options.consumerGroup,
      partitionId: options.partitionId,
      ownerLevel: ownerLevelOf(remote.properties),
      readerName: stringOrUndefined(remote.properties?.[receiverNameProperty]),
      position: eventPositionOf(remote.source?.filter),
      sink: {
        capacity: () => (sender.is_open() ? outgoing.available() : 0),
        deliver: (event) => {
          const runtime = tracksLastEnqueued
            ? { partition: reader.partition.properties(), retrievedAt: clock.now() }
            : undefined;
          outgoing.send(encodeEvent(event, runtime), undefined);
        },
        disconnected: detach,
      },
    });
  } catch (error) {
    detach(error);
    return;
  }

  sender.on('sendable', () => reader.pump());
  sender.on('sender_flow', () => reader.pump());
  sender.on('sender_draining', () => {
    reader.pump();
    outgoing.completeDrain();
  });
  connection.onLinkClose(sender, () => reader.close());
}

function ownerLevelOf(properties: Record<string, unknown> | null | undefined): number | undefined {
  const value = properties?.[epochProperty];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new AmqpError({
      condition: condition.argumentError,
      description: `The epoch (owner level) must be a long, got ${JSON.stringify(value)}.`,
    });
  }
  return value;
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
