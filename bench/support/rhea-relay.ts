/**
 * The benchmark's baseline: the least an AMQP 1.0 peer must do for the real @azure/service-bus SDK to send and
 * receive through it, with no Service Bus semantics. It answers $cbs put-token, accepts transfers (unpacking the
 * SDK's batch envelopes), queues the encoded messages per address, hands them to receivers strictly within their
 * credit, and settles whatever the receiver settles. No locks, no sequence numbers, no expiry, no persistence.
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import type { AddressInfo, Server, Socket } from 'node:net';
import rhea from 'rhea';
import type { Connection, Delivery, EventContext, Receiver, Sender } from 'rhea';

const batchFormat = 0x80013700;
const dataSection = 0x75;

interface Codec {
  Reader: new (buffer: Buffer) => {
    read(): { descriptor?: { value?: unknown }; value: unknown };
    remaining(): number;
  };
}
interface LinkInternals {
  credit: number;
  delivery_count: number;
  remote: { attach?: Record<string, unknown> & { source?: Terminus | null; target?: Terminus | null } };
  local: { attach: Record<string, unknown> };
  session: { outgoing: { available(): number } };
}
interface Terminus {
  address?: string;
  described?: () => unknown;
}
const outcomes = rhea.message as unknown as { accepted(): { described(): unknown } };
const codec = rhea.types as unknown as Codec;

// rhea decodes every format-0 transfer and keeps no bytes; remember them so the relay forwards without re-encoding.
const rawOf = new WeakMap<object, Buffer>();
const messageCodec = rhea.message as unknown as { decode(buffer: Buffer): object };
const decode = messageCodec.decode.bind(messageCodec);
messageCodec.decode = (buffer: Buffer): object => {
  const decoded = decode(buffer);
  rawOf.set(decoded, buffer);
  return decoded;
};

/** A receiver's link as the relay sees it: rhea lowers `credit` only when a transfer is written, so count sends. */
class Consumer {
  handedOver = 0;
  constructor(readonly sender: Sender) {}

  available(): number {
    const link = this.sender as unknown as LinkInternals;
    const granted = link.credit + link.delivery_count - this.handedOver;
    return Math.max(0, Math.min(granted, link.session.outgoing.available()));
  }

  send(payload: Buffer, tag: Buffer): void {
    this.handedOver++;
    this.sender.send(payload, tag, 0);
  }
}

class Address {
  readonly pending: Buffer[] = [];
  head = 0;
  readonly consumers: Consumer[] = [];
  next = 0;

  get size(): number {
    return this.pending.length - this.head;
  }

  take(): Buffer | undefined {
    const item = this.pending[this.head];
    if (item === undefined) return undefined;
    this.pending[this.head++] = undefined as unknown as Buffer;
    if (this.head > 4096 && this.head * 2 > this.pending.length) {
      this.pending.splice(0, this.head);
      this.head = 0;
    }
    return item;
  }
}

export interface RheaRelay {
  port: number;
  /** Messages waiting for a receiver, over all addresses. */
  queued(): number;
  close(): Promise<void>;
}

export async function startRheaRelay(options: { port?: number } = {}): Promise<RheaRelay> {
  const container = rhea.create_container({ id: 'relay', autoaccept: true });
  (container.sasl_server_mechanisms as unknown as { enable_anonymous(): void }).enable_anonymous();
  const addresses = new Map<string, Address>();
  const replyLinks = new WeakMap<Connection, Map<string, Sender>>();
  const consumers = new WeakMap<Sender, Consumer>();
  let tagCounter = 0;
  const tagPrefix = randomBytes(8);

  const addressOf = (name: string): Address => {
    let address = addresses.get(name);
    if (!address) {
      address = new Address();
      addresses.set(name, address);
    }
    return address;
  };
  const nextTag = (): Buffer => {
    const tag = Buffer.alloc(16);
    tagPrefix.copy(tag, 0);
    tag.writeUInt32BE(++tagCounter >>> 0, 12);
    return tag;
  };
  const pump = (address: Address): void => {
    let idle = 0;
    while (address.size > 0 && address.consumers.length > 0 && idle < address.consumers.length) {
      const consumer = address.consumers[address.next++ % address.consumers.length]!;
      if (consumer.available() === 0) {
        idle++;
        continue;
      }
      idle = 0;
      consumer.send(address.take()!, nextTag());
    }
  };
  const echo = (link: Sender | Receiver): Record<string, unknown> => {
    const internals = link as unknown as LinkInternals;
    const remote = internals.remote.attach ?? {};
    const local = internals.local.attach;
    local['source'] = remote.source?.described?.() ?? null;
    local['target'] = remote.target?.described?.() ?? null;
    local['snd_settle_mode'] = remote['snd_settle_mode'];
    local['rcv_settle_mode'] = remote['rcv_settle_mode'];
    return remote;
  };

  container.on('receiver_open', (context: EventContext) => {
    const receiver = context.receiver as Receiver;
    echo(receiver);
    (receiver as unknown as LinkInternals).local.attach['max_message_size'] = 262_144;
  });
  container.on('sender_open', (context: EventContext) => {
    const sender = context.sender as Sender;
    const remote = echo(sender);
    const source = (remote['source'] as Terminus | null | undefined)?.address ?? '';
    if (source === '$cbs' || source.endsWith('/$management')) {
      let links = replyLinks.get(context.connection);
      if (!links) replyLinks.set(context.connection, (links = new Map<string, Sender>()));
      links.set(sender.name, sender);
      const target = (remote.target as Terminus | null | undefined)?.address;
      if (target) links.set(target, sender);
      return;
    }
    const consumer = new Consumer(sender);
    consumers.set(sender, consumer);
    addressOf(source).consumers.push(consumer);
  });
  container.on('sendable', (context: EventContext) => {
    const sender = context.sender as Sender;
    if (consumers.has(sender)) pump(addressOf(sourceOf(sender)));
  });
  container.on('sender_draining', (context: EventContext) => {
    const sender = context.sender as Sender;
    const consumer = consumers.get(sender);
    if (!consumer) return;
    pump(addressOf(sourceOf(sender)));
    const link = sender as unknown as LinkInternals;
    consumer.handedOver = link.credit + link.delivery_count;
    sender.set_drained(true);
  });
  // In rcv-settle-mode second the receiver settles silently once we have settled, so no disposition will ever say
  // remote_settled; rhea frees a session slot only for deliveries settled on both ends, so mark ours as done.
  const settle = (context: EventContext) => {
    const delivery = context.delivery as Delivery & { remote_settled: boolean };
    if (delivery.remote_settled) return;
    delivery.update(true, outcomes.accepted().described());
    delivery.remote_settled = true;
  };
  container.on('accepted', settle);
  container.on('released', settle);
  container.on('rejected', settle);
  container.on('modified', settle);
  container.on('message', (context: EventContext) => {
    const receiver = context.receiver as Receiver;
    const target = (receiver as unknown as LinkInternals).remote.attach?.target?.address ?? '';
    const message = context.message as unknown as Record<string, unknown>;
    if (target === '$cbs' || target.endsWith('/$management')) {
      const replyTo = typeof message['reply_to'] === 'string' ? message['reply_to'] : '';
      replyLinks
        .get(context.connection)
        ?.get(replyTo)
        ?.send({
          correlation_id: message['message_id'],
          application_properties:
            target === '$cbs'
              ? { 'status-code': 200, 'status-description': 'OK' }
              : { statusCode: 200, statusDescription: 'OK' },
          body: {},
        } as never);
      return;
    }
    const address = addressOf(target);
    const format = (context as unknown as { format?: number }).format;
    if (format === batchFormat) {
      const reader = new codec.Reader(context.message as unknown as Buffer);
      while (reader.remaining() > 0) {
        const section = reader.read();
        if (section.descriptor?.value === dataSection) address.pending.push(section.value as Buffer);
      }
    } else {
      const raw = rawOf.get(context.message as object);
      if (raw) address.pending.push(raw);
    }
    pump(address);
  });
  const forget = (context: EventContext) => {
    const sender = context.sender;
    const consumer = sender && consumers.get(sender);
    if (!sender || !consumer) return;
    const address = addressOf(sourceOf(sender));
    address.consumers.splice(address.consumers.indexOf(consumer), 1);
    consumers.delete(sender);
  };
  container.on('sender_close', forget);
  container.on('connection_close', (context: EventContext) => dropConnection(context.connection));
  container.on('disconnected', (context: EventContext) => dropConnection(context.connection));
  container.on('error', () => {});
  container.on('protocol_error', () => {});
  const dropConnection = (connection: Connection) => {
    for (const address of addresses.values()) {
      for (let i = address.consumers.length - 1; i >= 0; i--) {
        if (address.consumers[i]!.sender.connection === connection) address.consumers.splice(i, 1);
      }
    }
  };

  const server = container.listen({
    host: '127.0.0.1',
    port: options.port ?? 0,
  } as never) as unknown as Server;
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    queued: () => [...addresses.values()].reduce((sum, a) => sum + a.size, 0),
    async close() {
      const closed = once(server, 'close');
      server.close();
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

function sourceOf(sender: Sender): string {
  return (sender as unknown as LinkInternals).remote.attach?.source?.address ?? '';
}
