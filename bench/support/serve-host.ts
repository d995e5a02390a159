import { fileURLToPath } from 'node:url';
import { startHost } from '../../host/start-host.js';

// Runs the trivial app in the local host in its own process, so the load generator does not share its event loop.
const started = performance.now();
const host = await startHost({
  appDir: fileURLToPath(new URL('../../../bench/fixtures/trivial-http-app/', import.meta.url)),
  port: 0,
  log: () => {},
});
process.send?.({ url: host.url, startMs: performance.now() - started });
process.on('disconnect', () => void host.close().then(() => process.exit(0)));
