import type { EventContext, Sender, Receiver } from './amqp/rhea.js';
import { echoTerminus, refuseLink } from './amqp/rhea.js';
import type { LinkRouter } from './amqp/amqp-listener.js';
import type { ConnectionContext } from './amqp/connection-context.js';
import { condition } from './amqp/conditions.js';
import { createCbsHandler, isAuthorized } from './amqp/cbs-node.js';
import { serveRequests } from './amqp/request-response.js';
import type { Clock } from './clock.js';
import type { ServiceBusNamespace } from './service-bus/service-bus-namespace.js';
import { attachServiceBusLink } from './service-bus/amqp/service-bus-links.js';
import type { EventHubNamespace } from './event-hubs/event-hub-namespace.js';
import type { AmqpEvent } from './event-hubs/amqp/amqp-event.js';
import { attachEventHubLink } from './event-hubs/amqp/event-hub-links.js';
import { createEventHubsManagementHandler } from './event-hubs/amqp/management-node.js';

/**
 * Decides what each address on the shared AMQP listener means: `$cbs`, reply links of request/response nodes,
 * then the Service Bus and Event Hubs entities. An unknown address is refused as the service refuses it: an
 * attach with no terminus, then a detach with `amqp:not-found`.
 */
export function createAmqpRouter(options: {
  clock: Clock;
  serviceBus: ServiceBusNamespace;
  eventHubs: EventHubNamespace<AmqpEvent>;
  sharedAccessKey?: { name: string; key: string } | undefined;
  log: (line: string) => void;
}): LinkRouter {
  const cbs = createCbsHandler({ clock: options.clock, sharedAccessKey: options.sharedAccessKey });
  const { log } = options;
  const eventHubsManagement = createEventHubsManagementHandler({
    namespace: options.eventHubs,
    claimsRequired: options.sharedAccessKey !== undefined,
  });
  const refuse = (link: Sender | Receiver, address: string, cond: string, description: string): void => {
    refuseLink(link, { condition: cond, description });
    log(`refused link to '${address}': ${description}`);
  };
  const authorized = (link: Sender | Receiver, connection: ConnectionContext, address: string): boolean => {
    if (!options.sharedAccessKey || isAuthorized(connection.authorized, address)) return true;
    refuse(
      link,
      address,
      condition.unauthorized,
      `Unauthorized access to '${address}': put a valid token on $cbs first.`,
    );
    return false;
  };

  /** An entity link: authorized, then Service Bus, then Event Hubs, else refused as not found. */
  const attachEntity = (
    direction: 'incoming' | 'outgoing',
    link: Sender | Receiver,
    address: string,
    context: EventContext,
    connection: ConnectionContext,
  ): void => {
    if (!authorized(link, connection, address)) return;
    const target = { direction, address, context, connection, log };
    if (attachServiceBusLink({ ...target, namespace: options.serviceBus })) return;
    if (attachEventHubLink({ ...target, namespace: options.eventHubs, clock: options.clock })) return;
    refuse(
      link,
      address,
      condition.notFound,
      `The messaging entity 'sb://localhost/${address}' could not be found.`,
    );
  };

  return {
    incoming(address, context, connection) {
      const link = context.receiver as Receiver;
      echoTerminus(link);
      if (address === '$cbs') {
        serveRequests({ context, connection, style: 'kebab-case', handler: cbs, log });
        return;
      }
      if (address.toLowerCase() === '$management') {
        // Event Hubs' namespace-level node; each request names its hub and is authorized on its own.
        serveRequests({ context, connection, style: 'kebab-case', handler: eventHubsManagement, log });
        return;
      }
      attachEntity('incoming', link, address, context, connection);
    },
    outgoing(address, context, connection) {
      const link = context.sender as Sender;
      echoTerminus(link);
      if (address === '$cbs' || address.toLowerCase().endsWith('$management')) {
        // The client's receiving end of a request/response pair: replies are sent here by reply-to.
        connection.addReplyLink(link);
        link.on('sender_close', () => connection.removeReplyLink(link));
        return;
      }
      attachEntity('outgoing', link, address, context, connection);
    },
  };
}
