/**
 * The Event Hubs benchmark's ceiling: the least an AMQP 1.0 peer must do for the real @azure/event-hubs producer to
 * publish through it. It answers $cbs put-token, advertises 1 MB on each sender link, and accepts every transfer
 * without looking at it. No partitions, no storage, no delivery: what the SDK and the transport cost on their own.
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import rhea from 'rhea';
import type { Connection, EventContext, Receiver, Sender } from 'rhea';

interface LinkInternals {
  remote: { attach?: { source?: Terminus | null; target?: Terminus | null } };
  local: { attach: Record<string, unknown> };
}
interface Terminus {
  address?: string;
  described?: () => unknown;
}

export interface NullBroker {
  port: number;
  /** Transfers accepted so far. */
  accepted(): number;
  close(): Promise<void>;
}

export async function startNullBroker(): Promise<NullBroker> {
  const container = rhea.create_container({ id: 'null-broker', autoaccept: true });
  (container.sasl_server_mechanisms as unknown as { enable_anonymous(): void }).enable_anonymous();
  const replyLinks = new WeakMap<Connection, Map<string, Sender>>();
  let accepted = 0;

  const echo = (link: Sender | Receiver): LinkInternals['remote']['attach'] => {
    const internals = link as unknown as LinkInternals;
    const remote = internals.remote.attach ?? {};
    internals.local.attach['source'] = remote.source?.described?.() ?? null;
    internals.local.attach['target'] = remote.target?.described?.() ?? null;
    return remote;
  };
  container.on('receiver_open', (context: EventContext) => {
    const receiver = context.receiver as Receiver;
    echo(receiver);
    (receiver as unknown as LinkInternals).local.attach['max_message_size'] = 1_048_576;
  });
  container.on('sender_open', (context: EventContext) => {
    const sender = context.sender as Sender;
    const remote = echo(sender);
    let links = replyLinks.get(context.connection);
    if (!links) replyLinks.set(context.connection, (links = new Map<string, Sender>()));
    links.set(sender.name, sender);
    if (remote?.target?.address) links.set(remote.target.address, sender);
  });
  container.on('message', (context: EventContext) => {
    const receiver = context.receiver as Receiver;
    if ((receiver as unknown as LinkInternals).remote.attach?.target?.address !== '$cbs') {
      accepted++;
      return;
    }
    const message = context.message as unknown as { reply_to?: string; message_id?: unknown };
    replyLinks
      .get(context.connection)
      ?.get(message.reply_to ?? '')
      ?.send({
        correlation_id: message.message_id,
        application_properties: { 'status-code': 200, 'status-description': 'OK' },
      } as never);
  });
  for (const event of ['error', 'connection_error', 'protocol_error', 'disconnected'])
    container.on(event, () => {});

  const server = container.listen({
    host: '127.0.0.1',
    port: 0,
  } as never) as unknown as import('node:net').Server;
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    accepted: () => accepted,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}
