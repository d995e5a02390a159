import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LateBoundForwarder {
  /** `http://127.0.0.1:<port>`, known before the target is. */
  readonly url: string;
  /** Starts forwarding to `target`; until then every request gets 503, which Event Grid retries. */
  forwardTo(target: string): void;
  close(): Promise<void>;
}

/**
 * An HTTP relay whose target is set after it listens. The Event Grid emulator needs the Functions host's URL when it
 * starts, and the host needs the emulator's endpoints when it starts; on port 0 neither is known first, so the
 * emulator is given this relay's URL and the relay is pointed at the host once the host listens.
 */
export async function startLateBoundForwarder(): Promise<LateBoundForwarder> {
  let target: URL | undefined;
  const server = createServer((incoming, outgoing) => {
    if (target === undefined) {
      outgoing.writeHead(503).end();
      return;
    }
    const forwarded = httpRequest(
      new URL(incoming.url ?? '/', target),
      { method: incoming.method, headers: { ...incoming.headers, host: target.host } },
      (response) => {
        outgoing.writeHead(response.statusCode ?? 502, response.headers);
        response.pipe(outgoing);
      },
    );
    forwarded.on('error', () => {
      if (!outgoing.headersSent) outgoing.writeHead(502);
      outgoing.end();
    });
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    forwardTo(url) {
      target = new URL(url);
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
