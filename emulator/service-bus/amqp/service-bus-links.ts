import type { EventContext } from '../../amqp/rhea.js';
import type { ConnectionContext } from '../../amqp/connection-context.js';
import type { ServiceBusNamespace } from '../service-bus-namespace.js';
import { serveRequests } from '../../amqp/request-response.js';
import { createManagementHandler } from './management-node.js';
import { attachReceiveLink } from './receive-link.js';
import { attachSendLink } from './send-link.js';

const managementSuffix = '/$management';

/** Attaches a link whose address belongs to the Service Bus namespace; returns false when it does not. */
export function attachServiceBusLink(options: {
  direction: 'incoming' | 'outgoing';
  address: string;
  context: EventContext;
  connection: ConnectionContext;
  namespace: ServiceBusNamespace;
  log: (line: string) => void;
}): boolean {
  const { direction, address, context, connection, namespace, log } = options;
  if (address.toLowerCase().endsWith(managementSuffix)) {
    const base = address.slice(0, -managementSuffix.length);
    const receivable = namespace.receivable(base);
    const sendTarget = namespace.sendTarget(base);
    if (!receivable && !sendTarget) return false;
    if (direction === 'outgoing') return false; // reply links are generic, see the router
    serveRequests({
      context,
      connection,
      style: 'camelCase',
      handler: createManagementHandler({ namespace, address: base, receivable, sendTarget }),
      log,
    });
    return true;
  }
  if (direction === 'incoming') {
    const target = namespace.sendTarget(address);
    if (!target) return false;
    attachSendLink({ context, namespace, target, log });
    return true;
  }
  const entity = namespace.receivable(address);
  if (!entity) return false;
  attachReceiveLink({ context, connection, entity, log });
  return true;
}
