import { amqpTypes } from '../../amqp/rhea.js';
import { AmqpError, condition } from '../../amqp/conditions.js';
import { isAuthorized } from '../../amqp/cbs-node.js';
import type { NodeRequest, NodeResponse, RequestHandler } from '../../amqp/request-response.js';
import type { EventHub } from '../event-hub.js';
import type { EventHubNamespace } from '../event-hub-namespace.js';
import type { AmqpEvent } from './amqp-event.js';
import { toAmqpError } from './event-hub-error-conditions.js';

const type = { eventHub: 'com.microsoft:eventhub', partition: 'com.microsoft:partition' } as const;

/**
 * The namespace-level `$management` node: `READ` of a hub's or a partition's runtime information, answered with
 * the maps the SDK reads (`managementClient.ts`). When SAS keys are enforced, the connection must hold a claim for
 * `<hub>/$management`, which the SDK puts on $cbs before it opens the link.
 */
export function createEventHubsManagementHandler(options: {
  namespace: EventHubNamespace<AmqpEvent>;
  claimsRequired: boolean;
}): RequestHandler {
  return (request) => {
    try {
      return read(request, options);
    } catch (error) {
      throw toAmqpError(error);
    }
  };
}

function read(
  request: NodeRequest,
  options: { namespace: EventHubNamespace<AmqpEvent>; claimsRequired: boolean },
): NodeResponse {
  if (request.operation !== 'READ') {
    throw new AmqpError({
      condition: condition.notImplemented,
      description: `Unsupported $management operation '${String(request.operation)}'.`,
    });
  }
  const { name, type: entityType, partition } = request.applicationProperties;
  if (typeof name !== 'string' || name === '') {
    throw new AmqpError({
      condition: condition.argumentError,
      description: 'A READ request needs the event hub in the "name" property.',
    });
  }
  if (options.claimsRequired && !isAuthorized(request.connection.authorized, `${name}/$management`)) {
    throw new AmqpError({
      condition: condition.unauthorized,
      description: `Unauthorized access to '${name}/$management': put a valid token on $cbs first.`,
    });
  }
  const hub = options.namespace.hub(name);
  if (!hub)
    throw new AmqpError({
      condition: condition.notFound,
      description: `The messaging entity 'sb://localhost/${name}' could not be found.`,
    });
  switch (entityType) {
    case type.eventHub:
      return { status: 200, body: hubInformation(hub) };
    case type.partition:
      if (typeof partition !== 'string') {
        throw new AmqpError({
          condition: condition.argumentError,
          description: 'A partition READ needs the partition id in the "partition" property.',
        });
      }
      return { status: 200, body: partitionInformation(hub, partition) };
    default:
      throw new AmqpError({
        condition: condition.argumentError,
        description: `Unsupported entity type '${String(entityType)}' for READ.`,
      });
  }
}

function hubInformation(hub: EventHub<AmqpEvent>): unknown {
  const properties = hub.properties();
  return amqpTypes.wrap_map({
    name: properties.name,
    type: type.eventHub,
    created_at: amqpTypes.wrap_timestamp(properties.createdAt),
    partition_count: amqpTypes.wrap_int(properties.partitionIds.length),
    partition_ids: amqpTypes.wrap_array(properties.partitionIds, 0xb1, undefined),
  });
}

function partitionInformation(hub: EventHub<AmqpEvent>, partitionId: string): unknown {
  const properties = hub.partitionProperties(partitionId);
  return amqpTypes.wrap_map({
    name: hub.name,
    type: type.partition,
    partition: properties.partitionId,
    begin_sequence_number: amqpTypes.wrap_long(properties.beginSequenceNumber),
    last_enqueued_sequence_number: amqpTypes.wrap_long(properties.lastSequenceNumber),
    last_enqueued_offset: String(properties.lastOffset),
    last_enqueued_time_utc: amqpTypes.wrap_timestamp(properties.lastEnqueuedAt),
    is_partition_empty: properties.isEmpty,
  });
}
