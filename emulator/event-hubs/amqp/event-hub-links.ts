import type { EventContext } from '../../amqp/rhea.js';
import type { ConnectionContext } from '../../amqp/connection-context.js';
import type { EventHubNamespace } from '../event-hub-namespace.js';
import type { AmqpEvent } from './amqp-event.js';
import { attachConsumeLink } from './consume-link.js';
import { parseEventHubAddress } from './event-hub-address.js';
import { attachPublishLink } from './publish-link.js';

/**
 * Attaches a link whose address names an event hub: producers send to `<hub>` or `<hub>/Partitions/<n>`, readers
 * receive from `<hub>/ConsumerGroups/<cg>/Partitions/<n>`. Returns false when the address is not an existing hub's.
 */
export function attachEventHubLink(options: {
  direction: 'incoming' | 'outgoing';
  address: string;
  context: EventContext;
  connection: ConnectionContext;
  namespace: EventHubNamespace<AmqpEvent>;
  clock: { now(): number };
  log: (line: string) => void;
}): boolean {
  const { direction, context, connection, namespace, clock, log } = options;
  const address = parseEventHubAddress(options.address);
  const hub = address ? namespace.hub(address.hub) : undefined;
  if (!address || !hub) return false;
  if (direction === 'incoming') {
    if (address.kind === 'consumer') return false;
    attachPublishLink({
      context,
      hub,
      partitionId: address.kind === 'partition' ? address.partitionId : undefined,
      log,
    });
    return true;
  }
  if (address.kind !== 'consumer') return false;
  attachConsumeLink({
    context,
    connection,
    hub,
    consumerGroup: address.consumerGroup,
    partitionId: address.partitionId,
    clock,
  });
  return true;
}
