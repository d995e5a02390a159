import { createServer } from 'node:net';
import { acknowledgePromptly } from './prompt-acknowledgement.js';
import type { AddressInfo, Socket } from 'node:net';
import { once } from 'node:events';
import type { Connection, EventContext, Receiver, Sender } from './rhea.js';
import { acceptConnection, createContainer, remoteAttach } from './rhea.js';
import { ConnectionContext } from './connection-context.js';

/** Routes links by address; the brokers decide what each address means. */
export interface LinkRouter {
  /** The client sends to `address`: `context.receiver` is our end of the link. */
  incoming(address: string, context: EventContext, connection: ConnectionContext): void;
  /** The client receives from `address`: `context.sender` is our end of the link. */
  outgoing(address: string, context: EventContext, connection: ConnectionContext): void;
}

export interface AmqpListenerOptions {
  host?: string;
  port: number;
  router: LinkRouter;
  /** Largest frame the peer may send; the SDKs negotiate 65536 or more. */
  maxFrameSize?: number;
  /** Idle timeout we advertise; heartbeats for the peer's own timeout are sent by rhea. */
  idleTimeoutMs?: number;
  log?: (line: string) => void;
}

export interface AmqpListener {
  port: number;
  connections(): number;
  close(): Promise<void>;
}

/**
 * One AMQP 1.0 listener on loopback for every broker: SASL ANONYMOUS (and MSSBCBS, which the Azure SDKs may
 * offer), TCP_NODELAY, and a router that hands each attached link to its node. A broken peer only ever loses
 * its own connection.
 */
export async function startAmqpListener(options: AmqpListenerOptions): Promise<AmqpListener> {
  const log = options.log ?? (() => {});
  // Brokers settle every incoming transfer themselves (accept or reject), and tell modified from released.
  const container = createContainer({
    id: 'local-cloud',
    autoaccept: false,
    treat_modified_as_released: false,
  });
  const mechanisms = container.sasl_server_mechanisms as unknown as Record<string, unknown> & {
    enable_anonymous(): void;
  };
  mechanisms.enable_anonymous();
  // Claims are carried by $cbs, not by SASL; MSSBCBS is accepted like ANONYMOUS.
  mechanisms.MSSBCBS = () => ({
    outcome: undefined as boolean | undefined,
    start(this: { outcome?: boolean }) {
      this.outcome = true;
    },
  });

  const contexts = new WeakMap<Connection, ConnectionContext>();
  const sockets = new Set<Socket>();
  let nextId = 0;
  const contextOf = (connection: Connection): ConnectionContext => {
    let context = contexts.get(connection);
    if (!context) {
      context = new ConnectionContext(`c${++nextId}`, connection);
      contexts.set(connection, context);
    }
    return context;
  };

  container.on('sender_open', (context: EventContext) => {
    const sender = context.sender as Sender;
    guard(log, context, () =>
      options.router.outgoing(
        remoteAttach(sender).source?.address ?? '',
        context,
        contextOf(context.connection),
      ),
    );
  });
  container.on('receiver_open', (context: EventContext) => {
    const receiver = context.receiver as Receiver;
    guard(log, context, () =>
      options.router.incoming(
        remoteAttach(receiver).target?.address ?? '',
        context,
        contextOf(context.connection),
      ),
    );
  });
  const forget = (context: EventContext): void => {
    const known = contexts.get(context.connection);
    if (known) {
      contexts.delete(context.connection);
      known.closed();
    }
  };
  container.on('connection_close', forget);
  container.on('disconnected', forget);
  // Without these listeners rhea would rethrow a peer's protocol error and take the process down.
  container.on('protocol_error', (context: EventContext) =>
    log(`protocol error: ${describe((context as { error?: unknown }).error)}`),
  );
  container.on('error', (context: EventContext) => log(`connection error: ${describe(context?.error)}`));
  container.on('connection_error', () => {});
  container.on('session_error', () => {});
  container.on('sender_error', () => {});
  container.on('receiver_error', () => {});

  const connectionOptions = {
    tcp_no_delay: true,
    idle_time_out: options.idleTimeoutMs ?? 240_000,
    max_frame_size: options.maxFrameSize ?? 262_144,
    // Large sessions let a receiver with high credit be served without waiting for session window updates.
    session_buffer_size: 4096,
  };
  // Our own server rather than container.listen(): each socket is paired with its connection, so a socket that
  // closes without an AMQP close still stops the connection's heartbeat timers.
  const server = createServer((socket) => {
    socket.setNoDelay(true);
    acknowledgePromptly(socket);
    sockets.add(socket);
    socket.on('error', () => {});
    const connection = acceptConnection(container, connectionOptions, socket);
    // rhea would buffer a frame of any announced size; one beyond the negotiated maximum is a framing error.
    socket.on('data', () => {
      if ((connection.frame_size ?? 0) > connectionOptions.max_frame_size) {
        log(`closing a connection that announced a ${connection.frame_size}-byte frame`);
        socket.destroy();
      }
    });
    socket.once('close', () => {
      sockets.delete(socket);
      connection.eof();
    });
  });
  server.listen({ host: options.host ?? '127.0.0.1', port: options.port });
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | undefined;
  return {
    port,
    connections: () => sockets.size,
    close() {
      closing ??= (async () => {
        const closed = once(server, 'close');
        server.close();
        for (const socket of sockets) socket.destroy();
        await closed;
      })();
      return closing;
    },
  };
}

function guard(log: (line: string) => void, context: EventContext, action: () => void): void {
  try {
    action();
  } catch (error) {
    log(`link attach failed: ${String((error as Error)?.stack ?? error)}`);
    const link = (context.sender ?? context.receiver)!;
    link.close({ condition: 'amqp:internal-error', description: 'The link could not be attached.' });
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : (JSON.stringify(error) ?? 'unknown');
}
