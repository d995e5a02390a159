import { parseArgs } from 'node:util';
import { HostStartError, startHost } from './start-host.js';

// `npm run host -- [appDir] [--port 7071] [--no-keys]`: the host alone, for an app whose services run elsewhere.

const usage = 'usage: npm run host -- [appDir] [--port <port>] [--no-keys]';

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      'no-keys': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || positionals.length > 1) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65_535)) {
    throw new Error(`--port must be a port number, not "${values.port}"`);
  }

  const host = await startHost({
    appDir: positionals[0] ?? '.',
    ...(port !== undefined && { port }),
    enforceKeys: !values['no-keys'],
  });
  const stop = (): void => {
    void host.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof HostStartError ? error.message : String((error as Error)?.stack ?? error)}\n`,
  );
  process.exit(1);
});
