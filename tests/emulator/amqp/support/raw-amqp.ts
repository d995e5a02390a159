import { createHmac, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { connect as connectTcp, type Socket } from 'node:net';
import rhea from 'rhea';
import type { Connection, EventContext, Message, Receiver, Sender } from 'rhea';

/** AMQP 1.0 protocol headers (AMQP spec 2.2): plain AMQP and the SASL layer. */
export const amqpHeader = Buffer.from([0x41, 0x4d, 0x51, 0x50, 0x00, 0x01, 0x00, 0x00]);
export const saslHeader = Buffer.from([0x41, 0x4d, 0x51, 0x50, 0x03, 0x01, 0x00, 0x00]);

/** rhea's frame codec; the package exports it only under lib/, without typings at that path. */
interface FrameCodec {
  write_frame(frame: unknown): Buffer;
  amqp_frame(channel: number, performative: unknown, payload?: Buffer): unknown;
  sasl_frame(performative: unknown): unknown;
  sasl_init(fields: Record<string, unknown>): unknown;
  open(fields: Record<string, unknown>): unknown;
  begin(fields: Record<string, unknown>): unknown;
  disposition(fields: Record<string, unknown>): unknown;
  transfer(fields: Record<string, unknown>): unknown;
}
export const frames = createRequire(import.meta.url)('rhea/lib/frames.js') as FrameCodec;

/** A raw TCP client that records what the server sends and when it closes. */
export interface RawSocket {
  readonly socket: Socket;
  /** Every byte the server sent so far. */
  received(): Buffer;
  write(bytes: Buffer): void;
  /** Resolves when the server has closed the connection (or rejects at the deadline). */
  closed(timeoutMs?: number): Promise<void>;
  /** Resolves once at least `count` bytes have arrived. */
  receivedAtLeast(count: number, timeoutMs?: number): Promise<Buffer>;
  destroy(): void;
}

export async function openRawSocket(port: number): Promise<RawSocket> {
  const socket = connectTcp({ host: '127.0.0.1', port });
  await once(socket, 'connect');
  const chunks: Buffer[] = [];
  let size = 0;
  let isClosed = false;
  const waiters = new Set<() => void>();
  const notify = () => waiters.forEach((w) => w());
  socket.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    size += chunk.length;
    notify();
  });
  socket.on('error', () => {}); // a reset by the server is one of the outcomes under test
  socket.on('close', () => {
    isClosed = true;
    notify();
  });
  const until = (ready: () => boolean, timeoutMs: number, what: string) =>
    new Promise<void>((resolve, reject) => {
      if (ready()) return resolve();
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const check = () => {
        if (!ready()) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve();
      };
      waiters.add(check);
    });
  return {
    socket,
    received: () => Buffer.concat(chunks),
    write: (bytes) => void socket.write(bytes),
    closed: (timeoutMs = 5_000) => until(() => isClosed, timeoutMs, 'the server to close the connection'),
    async receivedAtLeast(count, timeoutMs = 5_000) {
      await until(() => size >= count || isClosed, timeoutMs, `${count} bytes from the server`);
      return Buffer.concat(chunks);
    },
    destroy: () => socket.destroy(),
  };
}

/** A rhea client connection (SASL ANONYMOUS, as the Azure SDKs use) with a $cbs token already put. */
export interface RheaClient {
  readonly connection: Connection;
  putToken(audience: string, token?: string): Promise<Message>;
  /** Sends a request to a request/response node and returns the correlated reply. */
  request(address: string, request: Omit<Message, 'reply_to' | 'message_id'>): Promise<Message>;
  /** Opens a sender and resolves with it, or with the error the peer detached it with. */
  attachSender(
    address: string,
  ): Promise<{ sender: Sender; error?: undefined } | { sender?: undefined; error: AmqpErrorLike }>;
  attachReceiver(
    address: string,
  ): Promise<{ receiver: Receiver; error?: undefined } | { receiver?: undefined; error: AmqpErrorLike }>;
  /** Resolves when the connection is gone, with the error the peer closed it with if any. */
  disconnected(): Promise<AmqpErrorLike | undefined>;
  close(): Promise<void>;
}

export interface AmqpErrorLike {
  condition?: string;
  description?: string;
}

export async function openRheaClient(port: number): Promise<RheaClient> {
  const container = rhea.create_container({ id: `raw-${randomUUID()}` });
  const connection = container.connect({
    host: '127.0.0.1',
    port,
    reconnect: false,
    idle_time_out: 0,
  });
  connection.on('connection_error', () => {});
  connection.on('error', () => {});
  connection.on('protocol_error', () => {});
  let gone: Promise<AmqpErrorLike | undefined> | undefined;
  const disconnected = () =>
    (gone ??= new Promise((resolve) => {
      const done = (context: EventContext) =>
        resolve((context.connection?.error as AmqpErrorLike | undefined) ?? undefined);
      connection.once('connection_close', done);
      connection.once('disconnected', done);
    }));
  void disconnected();
  await new Promise<void>((resolve, reject) => {
    connection.once('connection_open', () => resolve());
    connection.once('disconnected', (context: EventContext) =>
      reject(context.error ?? new Error('disconnected before open')),
    );
  });

  const replies = new Map<string, { resolve(message: Message): void; reject(error: Error): void }>();
  void disconnected().then(() => {
    for (const pending of replies.values())
      pending.reject(new Error('the connection closed before the reply'));
    replies.clear();
  });
  const nodes = new Map<string, { sender: Sender; replyTo: string }>();
  const node = async (address: string) => {
    const known = nodes.get(address);
    if (known) return known;
    const replyTo = `reply-${randomUUID()}`;
    const receiver = connection.open_receiver({
      source: { address },
      target: { address: replyTo },
      name: replyTo,
      credit_window: 100,
    });
    receiver.on('message', (context: EventContext) => {
      const id = String(context.message?.correlation_id ?? '');
      replies.get(id)?.resolve(context.message as Message);
      replies.delete(id);
    });
    const sender = connection.open_sender({ target: { address }, source: { address: replyTo } });
    await Promise.all([once(receiver, 'receiver_open'), once(sender, 'sendable')]);
    const entry = { sender, replyTo };
    nodes.set(address, entry);
    return entry;
  };
  const request: RheaClient['request'] = async (address, message) => {
    const { sender, replyTo } = await node(address);
    const messageId = randomUUID();
    const reply = new Promise<Message>((resolve, reject) => {
      const timer = setTimeout(() => {
        replies.delete(messageId);
        reject(new Error(`no reply from ${address} within 10 s`));
      }, 10_000);
      timer.unref();
      replies.set(messageId, {
        resolve(m) {
          clearTimeout(timer);
          resolve(m);
        },
        reject(error) {
          clearTimeout(timer);
          reject(error);
        },
      });
    });
    sender.send({ ...message, message_id: messageId, reply_to: replyTo });
    return reply;
  };
  // A refused attach arrives as an attach (echoing no terminus) followed by a detach carrying the error, so an open
  // link only counts once a later round trip on the same connection shows no detach came with it.
  const attach = <T extends Sender | Receiver>(link: T, openEvent: string, closeEvent: string) =>
    new Promise<{ link: T; error?: AmqpErrorLike }>((resolve) => {
      const errorOf = () =>
        (link as unknown as { error?: AmqpErrorLike }).error ?? { description: 'detached without error' };
      link.once(closeEvent, () => resolve({ link, error: errorOf() }));
      link.once(openEvent, () => {
        void barrier().then(() => resolve(link.is_open() ? { link } : { link, error: errorOf() }));
      });
    });
  const barrier = () =>
    request('$cbs', {
      application_properties: { operation: 'put-token', type: 'jwt', name: 'barrier' },
      body: 'x',
    }).catch(() => undefined);

  const client: RheaClient = {
    connection,
    async putToken(audience, token = sasToken(audience, 'RootManageSharedAccessKey', 'SAS_KEY_VALUE')) {
      return request('$cbs', {
        body: token,
        application_properties: {
          operation: 'put-token',
          type: 'servicebus.windows.net:sastoken',
          name: audience,
        },
      });
    },
    request,
    async attachSender(address) {
      const { link, error } = await attach(
        connection.open_sender({ target: { address }, source: { address: randomUUID() } }),
        'sender_open',
        'sender_close',
      );
      return error ? { error } : { sender: link };
    },
    async attachReceiver(address) {
      const { link, error } = await attach(
        connection.open_receiver({
          source: { address },
          target: { address: randomUUID() },
          credit_window: 0,
          autoaccept: false,
        }),
        'receiver_open',
        'receiver_close',
      );
      return error ? { error } : { receiver: link };
    },
    disconnected,
    async close() {
      if (connection.is_closed() || !connection.is_open()) {
        connection.close();
        return;
      }
      const closing = disconnected();
      connection.close();
      await Promise.race([closing, new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
    },
  };
  return client;
}

/** rhea's outcome constructors, which its typings leave out. */
export const outcomes = rhea.message as unknown as {
  accepted(): unknown;
  rejected(fields?: unknown): unknown;
};

/** A Service Bus SAS token as the SDKs build it (core-amqp `createSasTokenProvider`). */
export function sasToken(audience: string, keyName: string, key: string, expiresInS = 3_600): string {
  const expiry = Math.floor(Date.now() / 1000) + expiresInS;
  const resource = encodeURIComponent(audience);
  const signature = createHmac('sha256', key).update(`${resource}\n${expiry}`).digest('base64');
  return `SharedAccessSignature sr=${resource}&sig=${encodeURIComponent(signature)}&se=${expiry}&skn=${keyName}`;
}

/** The audience the SDKs put a token for: `sb://<host>/<address>`. */
export const audienceOf = (address: string) => `sb://localhost/${address}`;
