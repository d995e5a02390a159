import type { Delivery, EventContext, Sender } from '../../amqp/rhea.js';
import { amqpTypes, holdAttach, localAttach, outcome, refuseLink, remoteAttach } from '../../amqp/rhea.js';
import { condition } from '../../amqp/conditions.js';
import { lockTokenFromDeliveryTag, lockTokenToDeliveryTag } from '../../amqp/lock-token.js';
import { OutgoingLink } from '../../amqp/outgoing-link.js';
import type { ConnectionContext } from '../../amqp/connection-context.js';
import type { Consumer, ReceiveMode } from '../consumer.js';
import type { MessageEntity } from '../message-entity.js';
import type { StoredMessage } from '../stored-message.js';
import { toAmqpError } from './broker-error-conditions.js';
import { encodeServiceBusMessage } from './delivery-encoding.js';
import { dotNetTicks } from './dotnet-ticks.js';

const sessionFilterKey = 'com.microsoft:session-filter';
/** How long a next-available session receiver waits when the client gives no timeout. */
const defaultSessionWaitMs = 60_000;

/**
 * A client's receiver link on a queue, subscription or dead-letter queue. It echoes the settle modes (peek-lock
 * or receive-and-delete), delivers within the credit granted, answers drains at once, and turns dispositions into
 * complete, abandon, defer and dead-letter. A session receiver first locks its session, waiting for one if it asked
 * for the next available.
 */
export function attachReceiveLink(options: {
  context: EventContext;
  connection: ConnectionContext;
  entity: MessageEntity;
  log: (line: string) => void;
}): void {
  const { entity, log, connection } = options;
  const sender = options.context.sender as Sender;
  const remote = remoteAttach(sender);
  const attach = localAttach(sender);
  const mode: ReceiveMode = remote.snd_settle_mode === 1 ? 'receiveAndDelete' : 'peekLock';
  attach.snd_settle_mode = remote.snd_settle_mode ?? 0;
  attach.rcv_settle_mode = remote.rcv_settle_mode ?? 0;

  const filter = remote.source?.filter ?? undefined;
  const wantsSession = filter !== undefined && filter !== null && sessionFilterKey in filter;
  if (entity.settings.requiresSession && !entity.isDeadLetterQueue && !wantsSession) {
    refuseLink(sender, {
      condition: condition.notAllowed,
      description: `It is not possible for an entity that requires sessions to create a non-sessionful message receiver. Entity: ${entity.path}`,
    });
    return;
  }
  if (wantsSession && !entity.settings.requiresSession) {
    refuseLink(sender, {
      condition: condition.notAllowed,
      description: `The entity '${entity.path}' is not session-enabled.`,
    });
    return;
  }

  const outgoing = new OutgoingLink(sender);
  const consumer: Consumer = {
    mode,
    capacity: () => (sender.is_open() ? outgoing.available() : 0),
    deliver: (message) => send(message),
    sessionLost: (reason) => sender.close({ condition: condition.sessionLockLost, description: reason }),
  };

  const send = (message: StoredMessage): void => {
    const payload = encodeServiceBusMessage(message, { withLock: mode === 'peekLock' });
    const tag = message.lock ? lockTokenToDeliveryTag(message.lock.token) : undefined;
    outgoing.send(payload, tag);
  };

  const start = (): void => {
    entity.addConsumer(consumer);
    sender.on('sendable', () => entity.pump());
    sender.on('sender_flow', () => entity.pump());
    sender.on('sender_draining', () => {
      entity.pump();
      outgoing.completeDrain();
    });
    for (const event of ['accepted', 'rejected', 'released', 'modified'] as const) {
      sender.on(event, (context: EventContext) => settle(entity, context.delivery!, event, log));
    }
  };
  connection.onLinkClose(sender, () => entity.removeConsumer(consumer));

  if (!wantsSession) {
    start();
    return;
  }
  const requested = filter[sessionFilterKey];
  const lock = (): boolean => {
    const sessionId = entity.acceptSession(consumer, typeof requested === 'string' ? requested : undefined);
    if (sessionId === undefined) return false;
    sender.set_source({
      address: remote.source?.address ?? entity.path,
      filter: { [sessionFilterKey]: sessionId },
    });
    attach.properties = {
      'com.microsoft:locked-until-utc': amqpTypes.wrap_long(
        dotNetTicks(entity.sessionLockedUntil(sessionId)),
      ),
    };
    start();
    return true;
  };
  try {
    if (lock()) return;
  } catch (error) {
    const amqpError = toAmqpError(error);
    refuseLink(sender, { condition: amqpError.condition, description: amqpError.message });
    return;
  }
  // No session is free: hold the attach until one is, or answer as the service does when the wait times out.
  holdAttach(sender);
  const timeoutMs = Number(remote.properties?.['com.microsoft:timeout'] ?? defaultSessionWaitMs);
  let stopWaiting = (): void => {};
  const timer = setTimeout(() => {
    stopWaiting();
    sender.attach();
    refuseLink(sender, {
      condition: condition.timeout,
      description: 'The operation did not complete within the allocated time for obtaining a session.',
    });
  }, timeoutMs);
  timer.unref();
  stopWaiting = entity.waitForSession(() => {
    if (!sender.is_remote_open()) return true;
    try {
      if (!lock()) return false;
    } catch {
      return false;
    }
    clearTimeout(timer);
    sender.attach();
    return true;
  });
  const abandonWait = (): void => {
    clearTimeout(timer);
    stopWaiting();
  };
  connection.onLinkClose(sender, abandonWait);
}

type SettleEvent = 'accepted' | 'rejected' | 'released' | 'modified';

interface RemoteState {
  error?: { condition?: string; description?: string; info?: Record<string, unknown> };
  delivery_failed?: boolean;
  undeliverable_here?: boolean;
  message_annotations?: Record<string, unknown>;
}

function settle(
  entity: MessageEntity,
  delivery: Delivery,
  event: SettleEvent,
  log: (line: string) => void,
): void {
  const tag = (delivery as unknown as { tag?: Buffer }).tag;
  const state = (delivery as unknown as { remote_state?: RemoteState }).remote_state ?? {};
  const reply = (result: unknown): void => {
    const settled = delivery as unknown as {
      update(settled: boolean, state: unknown): void;
      remote_settled: boolean;
    };
    settled.update(true, result);
    // The client has decided and we have settled: nothing more comes for this delivery (the SDK settles its end
    // without a frame, as the spec allows). rhea frees a session slot only when both ends are settled.
    settled.remote_settled = true;
  };
  if (!tag || tag.length !== 16) {
    // Pre-settled (receive-and-delete) deliveries carry no lock; nothing to settle.
    return;
  }
  const token = lockTokenFromDeliveryTag(tag);
  try {
    switch (event) {
      case 'accepted':
        entity.complete(token);
        reply(outcome.accepted());
        break;
      case 'released':
        entity.abandon(token);
        reply(outcome.released());
        break;
      case 'modified': {
        const properties = state.message_annotations ?? undefined;
        if (state.undeliverable_here) entity.defer(token, properties);
        else entity.abandon(token, properties);
        reply(
          outcome.modified({
            delivery_failed: state.delivery_failed ?? false,
            undeliverable_here: state.undeliverable_here ?? false,
          }),
        );
        break;
      }
      case 'rejected': {
        const info = state.error?.info ?? {};
        const { DeadLetterReason, DeadLetterErrorDescription, ...properties } = info;
        // The SDK sends an absent reason or description as null.
        entity.deadLetter(token, {
          ...(typeof DeadLetterReason === 'string' ? { reason: DeadLetterReason } : {}),
          ...(typeof DeadLetterErrorDescription === 'string'
            ? { description: DeadLetterErrorDescription }
            : {}),
          properties,
        });
        reply(outcome.rejected());
        break;
      }
    }
  } catch (error) {
    const amqpError = toAmqpError(error);
    if (amqpError.condition === condition.internalError)
      log(`settlement on '${entity.path}' failed: ${String((error as Error)?.stack ?? error)}`);
    reply(outcome.rejected({ condition: amqpError.condition, description: amqpError.message }));
  }
}
