import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { once } from 'node:events';

export type RequestHandler = (request: IncomingMessage, response: ServerResponse) => void;

export interface DualProtocolServer {
  port: number;
  close(): Promise<void>;
}

/** The first byte of every TLS connection: a handshake record (RFC 8446 §5.1). */
const tlsHandshakeRecord = 0x16;

/**
 * One loopback port that speaks both http and https: the first byte of a connection says which. Key and SAS
 * clients use http as the SDK's `allowInsecureConnection` allows; bearer-token clients need https, because the
 * Azure SDK pipeline refuses to send a token over http.
 */
export async function listenDualProtocol(options: {
  port: number;
  tls: { key: string; cert: string };
  handler: RequestHandler;
}): Promise<DualProtocolServer> {
  const plain = createHttpServer({ keepAliveTimeout: 65_000 }, options.handler);
  const secure = createHttpsServer({ ...options.tls, keepAliveTimeout: 65_000 }, options.handler);
  const sockets = new Set<Socket>();
  const listener = createNetServer({ pauseOnConnect: true }, (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.once('readable', () => {
      const first = socket.read(1) as Buffer | null;
      if (first === null) {
        socket.destroy();
        return;
      }
      socket.unshift(first);
      (first[0] === tlsHandshakeRecord ? secure : plain).emit('connection', socket);
    });
  });
  listener.listen(options.port, '127.0.0.1');
  await once(listener, 'listening');

  let closing: Promise<void> | undefined;
  return {
    port: (listener.address() as AddressInfo).port,
    close() {
      closing ??= (async () => {
        const closed = once(listener, 'close');
        listener.close();
        plain.close();
        secure.close();
        for (const socket of sockets) socket.destroy();
        await closed;
      })();
      return closing;
    },
  };
}
