import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

// The baseline: a bare node:http server doing the trivial function's work (read a query value, answer JSON).
const server = createServer((request, response) => {
  const name = new URL(request.url ?? '/', 'http://localhost').searchParams.get('name') ?? 'world';
  const body = JSON.stringify({ hello: name });
  response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  response.end(body);
});
server.listen(0, '127.0.0.1', () => {
  process.send?.({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
});
process.on('disconnect', () => server.close(() => process.exit(0)));
