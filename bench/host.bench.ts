import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startChildServer } from './support/child-server.js';
import { runHttpLoad } from './support/http-load.js';

// The local Functions host against a bare node:http server doing the same work, each in its own process while
// this process generates the load; then the cold start of the whole local cloud with the order app.
const concurrency = 16;
const durationMs = 5_000;
const warmupMs = 1_000;
const root = fileURLToPath(new URL('../../', import.meta.url));

async function measureServer(name: string, script: string) {
  console.log(`… ${name}: starting`);
  const server = await startChildServer<{ url: string; startMs?: number }>(
    new URL(`./support/${script}`, import.meta.url),
  );
  try {
    const url = `${server.url}${name === 'host' ? '/api/hello' : '/hello'}?name=bench`;
    console.log(`… ${name}: warming up`);
    await runHttpLoad({ url, concurrency, durationMs: warmupMs });
    console.log(`… ${name}: ${durationMs / 1000} s at ${concurrency} concurrent requests`);
    return { ...(await runHttpLoad({ url, concurrency, durationMs })), startMs: server.startMs };
  } finally {
    await server.stop();
  }
}

/** `npm start`'s own program, with its own workspace and ports, timed until the order API answers. */
async function measureColdStart(): Promise<{ firstResponseMs: number; appLoadMs: number }> {
  const workspace = await mkdtemp(join(tmpdir(), 'local-cloud-bench-'));
  const started = performance.now();
  const child = spawn(process.execPath, ['dist/local/cli.js', '--workspace', workspace, '--any-ports'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    let output = '';
    const hostUrl = await new Promise<string>((resolve, reject) => {
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        output += chunk;
        const match = /Functions host\s+(http:\/\/\S+)/.exec(output);
        if (match) resolve(match[1]!);
      });
      child.once('exit', (code) => reject(new Error(`npm start exited with ${String(code)}:\n${output}`)));
    });
    for (;;) {
      const response = await fetch(`${hostUrl}/api/orders?limit=1`).catch(() => undefined);
      if (response?.ok) break;
      if (performance.now() - started > 60_000) throw new Error('the order API did not answer within 60 s');
    }
    const firstResponseMs = performance.now() - started;
    const appLoadMs = Number(/the app loaded in (\d+) ms/.exec(output)?.[1] ?? Number.NaN);
    return { firstResponseMs, appLoadMs };
  } finally {
    child.kill('SIGINT');
    await new Promise((resolve) => child.once('exit', resolve));
    await rm(workspace, { recursive: true, force: true });
  }
}

const bare = await measureServer('bare node:http', 'serve-bare.js');
const host = await measureServer('host', 'serve-host.js');
console.log('… cold start of the local cloud with the order app');
const cold = await measureColdStart();

const row = (name: string, r: typeof host) =>
  `${name.padEnd(16)} ${r.perSecond.toFixed(0).padStart(8)} req/s   p50 ${r.p50Ms.toFixed(2)} ms   p99 ${r.p99Ms.toFixed(2)} ms   errors ${r.errors}`;
console.log(
  [
    '',
    `Trivial HTTP function, ${concurrency} concurrent keep-alive clients, ${durationMs / 1000} s:`,
    row('local host', host),
    row('bare node:http', bare),
    `ratio host / bare: ${(host.perSecond / bare.perSecond).toFixed(2)} (target >= 0.5)`,
    '',
    `npm start to first order API response: ${(cold.firstResponseMs / 1000).toFixed(2)} s (target <= 5 s)`,
    `order app load time (entry points + appStart): ${cold.appLoadMs} ms`,
  ].join('\n'),
);
