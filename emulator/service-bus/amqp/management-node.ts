import { amqpTypes } from '../../amqp/rhea.js';
import { AmqpError, condition } from '../../amqp/conditions.js';
import { decodeMessage } from '../../amqp/encoded-message.js';
import { lockTokenFromRfcBytes, lockTokenToRfcBytes } from '../../amqp/lock-token.js';
import type { NodeRequest, NodeResponse } from '../../amqp/request-response.js';
import type { MessageEntity } from '../message-entity.js';
import type { QueueEntry, ServiceBusNamespace, TopicEntry } from '../service-bus-namespace.js';
import { encodeServiceBusMessage } from './delivery-encoding.js';
import { toAmqpError } from './broker-error-conditions.js';
import { encodeRuleDescription, ruleFromRequest } from './rule-descriptions.js';

const timestampCode = 0x83;
const longCode = 0x81;
const stringCode = 0xb1;

type Body = Record<string, unknown>;
type Operation = (body: Body, request: NodeRequest) => NodeResponse;

/**
 * `<entity>/$management` for Service Bus: the request/response operations the SDK uses beyond plain links (lock
 * renewal, peek, schedule, deferred receive, settlement by lock token, session lock and state, a subscription's
 * rules).
 */
export function createManagementHandler(options: {
  namespace: ServiceBusNamespace;
  /** The entity's address: `<queue>`, `<topic>` or `<topic>/Subscriptions/<sub>`. */
  address: string;
  receivable: MessageEntity | undefined;
  sendTarget: QueueEntry | TopicEntry | undefined;
}): (request: NodeRequest) => NodeResponse {
  const { namespace, address, receivable, sendTarget } = options;
  const entity = (): MessageEntity => {
    if (!receivable)
      throw new AmqpError({
        condition: condition.notAllowed,
        description: 'The operation needs a queue or subscription.',
      });
    return receivable;
  };
  const target = (): QueueEntry | TopicEntry => {
    if (!sendTarget)
      throw new AmqpError({
        condition: condition.notAllowed,
        description: 'The operation needs a queue or topic.',
      });
    return sendTarget;
  };
  const subscriptionPath = (): string => {
    if (!namespace.subscription(address))
      throw new AmqpError({
        condition: condition.notAllowed,
        description: 'Rules belong to subscriptions; the operation needs a subscription.',
      });
    return address;
  };
  // Messages received by sequence number are locked to the management link that asked for them.
  const holder = {};

  const operations: Record<string, Operation> = {
    'com.microsoft:renew-lock': (body) => {
      const expirations = tokens(body['lock-tokens']).map((token) => entity().renewLock(token));
      return ok({
        expirations: amqpTypes.wrap_array(
          expirations.map((ms) => new Date(ms)),
          timestampCode,
          undefined,
        ),
      });
    },
    'com.microsoft:peek-message': (body) => {
      const sessionId = optionalString(body['session-id']);
      const messages = entity().peek({
        fromSequenceNumber: toNumber(body['from-sequence-number'], 'from-sequence-number'),
        count: toNumber(body['message-count'], 'message-count'),
        ...(sessionId !== undefined ? { sessionId } : {}),
      });
      if (!messages.length) return { status: 204, description: 'No messages to peek.' };
      return ok({
        messages: amqpTypes.wrap_list(
          messages.map((message) =>
            amqpTypes.wrap_map({
              message: amqpTypes.wrap_binary(
                encodeServiceBusMessage(message, { withLock: false, deliveryCount: message.deliveries }),
              ),
            }),
          ),
        ),
      });
    },
    'com.microsoft:schedule-message': (body) => {
      const encoded = list(body.messages, 'messages').map((item) => {
        const bytes = (item as Body).message;
        if (!Buffer.isBuffer(bytes)) throw argument('Each scheduled message needs its encoded bytes.');
        return decodeMessage(bytes);
      });
      const sequenceNumbers = namespace.schedule(target(), encoded);
      return ok({ 'sequence-numbers': amqpTypes.wrap_array(sequenceNumbers, longCode, undefined) });
    },
    'com.microsoft:cancel-scheduled-message': (body) => {
      namespace.cancelScheduled(
        target(),
        list(body['sequence-numbers'], 'sequence-numbers').map((n) => toNumber(n, 'sequence-numbers')),
      );
      return ok();
    },
    'com.microsoft:receive-by-sequence-number': (body) => {
      const sessionId = optionalString(body['session-id']);
      const mode =
        toNumber(body['receiver-settle-mode'] ?? 1, 'receiver-settle-mode') === 0
          ? 'receiveAndDelete'
          : 'peekLock';
      const messages = entity().receiveDeferred({
        sequenceNumbers: list(body['sequence-numbers'], 'sequence-numbers').map((n) =>
          toNumber(n, 'sequence-numbers'),
        ),
        mode,
        holder,
        ...(sessionId !== undefined ? { sessionId } : {}),
      });
      return ok({
        messages: amqpTypes.wrap_list(
          messages.map((message) =>
            amqpTypes.wrap_map({
              ...(message.lock
                ? { 'lock-token': amqpTypes.wrap_uuid(lockTokenToRfcBytes(message.lock.token)) }
                : {}),
              message: amqpTypes.wrap_binary(
                encodeServiceBusMessage(message, { withLock: mode === 'peekLock' }),
              ),
            }),
          ),
        ),
      });
    },
    'com.microsoft:update-disposition': (body) => {
      const status = body['disposition-status'];
      const properties = (body['properties-to-modify'] ?? undefined) as Record<string, unknown> | undefined;
      for (const token of tokens(body['lock-tokens'])) {
        switch (status) {
          case 'completed':
            entity().complete(token);
            break;
          case 'abandoned':
            entity().abandon(token, properties);
            break;
          case 'defered':
          case 'deferred':
            entity().defer(token, properties);
            break;
          case 'suspended':
            entity().deadLetter(token, {
              ...optionalField('reason', body['deadletter-reason']),
              ...optionalField('description', body['deadletter-description']),
              ...(properties ? { properties } : {}),
            });
            break;
          default:
            throw argument(`Unknown disposition-status '${String(status)}'.`);
        }
      }
      return ok();
    },
    'com.microsoft:renew-session-lock': (body) => {
      const until = entity().renewSessionLock(requiredString(body['session-id'], 'session-id'));
      return ok({ expiration: amqpTypes.wrap_timestamp(until) });
    },
    'com.microsoft:get-session-state': (body) => {
      const state = entity().getSessionState(requiredString(body['session-id'], 'session-id'));
      return ok({ 'session-state': state === undefined ? null : amqpTypes.wrap_binary(state) });
    },
    'com.microsoft:set-session-state': (body) => {
      const raw = body['session-state'];
      if (raw !== null && raw !== undefined && !Buffer.isBuffer(raw) && typeof raw !== 'string')
        throw argument("'session-state' must be binary.");
      const state =
        raw === null || raw === undefined ? undefined : Buffer.isBuffer(raw) ? raw : Buffer.from(raw);
      entity().setSessionState(requiredString(body['session-id'], 'session-id'), state);
      return ok();
    },
    'com.microsoft:add-rule': (body) => {
      namespace.addRule(subscriptionPath(), ruleFromRequest(body));
      return ok();
    },
    'com.microsoft:remove-rule': (body) => {
      namespace.removeRule(subscriptionPath(), requiredString(body['rule-name'], 'rule-name'));
      return ok();
    },
    'com.microsoft:enumerate-rules': (body) => {
      const skip = toNumber(body.skip ?? 0, 'skip');
      const top = toNumber(body.top ?? 2 ** 31 - 1, 'top');
      const rules = namespace.rules(subscriptionPath()).slice(skip, skip + top);
      if (!rules.length) return { status: 204, description: 'No rules.' };
      return ok({ rules: amqpTypes.wrap_list(rules.map((rule) => encodeRuleDescription(rule))) });
    },
    'com.microsoft:get-message-sessions': (body) => {
      const since = body['last-updated-time'];
      const skip = toNumber(body.skip ?? 0, 'skip');
      const ids = entity().listSessions({
        ...(since instanceof Date && since.getTime() > 0 ? { updatedSince: since.getTime() } : {}),
        skip,
        top: toNumber(body.top ?? 100, 'top'),
      });
      if (!ids.length) return { status: 204, description: 'No sessions.' };
      return ok({
        'sessions-ids': amqpTypes.wrap_array(ids, stringCode, undefined),
        skip: amqpTypes.wrap_int(skip + ids.length),
      });
    },
  };

  return (request) => {
    const operation = request.operation;
    if (operation === undefined) throw argument("The request has no 'operation' application property.");
    const handler = operations[operation];
    if (!handler)
      throw new AmqpError({
        condition: condition.notImplemented,
        description: `The operation '${operation}' is not supported.`,
      });
    const body = (request.body && typeof request.body === 'object' ? request.body : {}) as Body;
    try {
      return handler(body, request);
    } catch (error) {
      throw toAmqpError(error);
    }
  };
}

function ok(body?: Record<string, unknown>): NodeResponse {
  return { status: 200, description: 'OK', ...(body ? { body: amqpTypes.wrap_map(body) } : {}) };
}

function argument(description: string): AmqpError {
  return new AmqpError({ condition: condition.argumentError, description });
}

function list(value: unknown, name: string): unknown[] {
  if (!Array.isArray(value)) throw argument(`'${name}' must be a list.`);
  return value;
}

function tokens(value: unknown): string[] {
  return list(value, 'lock-tokens').map((token) => {
    if (!Buffer.isBuffer(token) || token.length !== 16) throw argument('Lock tokens must be uuids.');
    return lockTokenFromRfcBytes(token);
  });
}

function toNumber(value: unknown, name: string): number {
  if (typeof value === 'number') return value;
  if (Buffer.isBuffer(value) && value.length === 8) return Number(value.readBigInt64BE(0));
  throw argument(`'${name}' must be a number.`);
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function requiredString(value: unknown, name: string): string {
  if (typeof value !== 'string') throw argument(`'${name}' must be a string.`);
  return value;
}

/** A string field of a request, when present (the SDK sends absent optional strings as null). */
function optionalField<K extends string>(key: K, value: unknown): Partial<Record<K, string>> {
  return typeof value === 'string' ? ({ [key]: value } as Record<K, string>) : {};
}
