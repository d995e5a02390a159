import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { mkdir } from 'node:fs/promises';

/** The well-known development account every Azure Storage SDK accepts for Azurite. */
export const devStorageAccount = {
  name: 'devstoreaccount1',
  key: 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==',
} as const;

export interface AzuriteOptions {
  /** Folder for Azurite's data; omit to keep everything in memory (tests). */
  location?: string;
  /** Ports; 0 (the default) lets the OS choose, which is what tests want. */
  blobPort?: number;
  queuePort?: number;
  tablePort?: number;
  signal?: AbortSignal;
}

export interface RunningAzurite {
  blobEndpoint: string;
  queueEndpoint: string;
  tableEndpoint: string;
  /** A full connection string with explicit endpoints, valid for every Storage SDK. */
  connectionString: string;
  close(): Promise<void>;
}

const listening = /Azurite (Blob|Queue|Table) service is successfully listening at (http:\/\/\S+)/;

/** Starts Azurite (the npm package pinned in package.json) as a child process on loopback. */
export async function startAzurite(options: AzuriteOptions = {}): Promise<RunningAzurite> {
  const entry = createRequire(import.meta.url).resolve('azurite/dist/src/azurite.js');
  const args = [
    entry,
    '--blobHost',
    '127.0.0.1',
    '--blobPort',
    String(options.blobPort ?? 0),
    '--queueHost',
    '127.0.0.1',
    '--queuePort',
    String(options.queuePort ?? 0),
    '--tableHost',
    '127.0.0.1',
    '--tablePort',
    String(options.tablePort ?? 0),
    '--disableTelemetry',
    // The storage SDKs pinned here speak a newer REST version than Azurite 3.37 knows; the wire format is unchanged.
    '--skipApiVersionCheck',
  ];
  if (options.location) {
    await mkdir(options.location, { recursive: true });
    args.push('--location', options.location);
  } else {
    args.push('--inMemoryPersistence');
  }
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const endpoints: Partial<Record<'Blob' | 'Queue' | 'Table', string>> = {};
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      for (const line of chunk.split('\n')) {
        const match = listening.exec(line);
        if (match) endpoints[match[1] as 'Blob' | 'Queue' | 'Table'] = match[2];
      }
      if (endpoints.Blob && endpoints.Queue && endpoints.Table) resolve();
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.once('exit', (code) =>
      reject(new Error(`Azurite exited with code ${code} before it was ready:\n${output}`)),
    );
    child.once('error', reject);
    options.signal?.addEventListener('abort', () => reject(new Error('Azurite start aborted')), {
      once: true,
    });
  });
  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closed ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = once(child, 'exit');
        child.kill('SIGTERM');
        await exited;
      }
    })();
    return closed;
  };
  try {
    await ready;
  } catch (error) {
    await close();
    throw error;
  }
  const blobEndpoint = `${endpoints.Blob}/${devStorageAccount.name}`;
  const queueEndpoint = `${endpoints.Queue}/${devStorageAccount.name}`;
  const tableEndpoint = `${endpoints.Table}/${devStorageAccount.name}`;
  return {
    blobEndpoint,
    queueEndpoint,
    tableEndpoint,
    connectionString:
      `DefaultEndpointsProtocol=http;AccountName=${devStorageAccount.name};AccountKey=${devStorageAccount.key};` +
      `BlobEndpoint=${blobEndpoint};QueueEndpoint=${queueEndpoint};TableEndpoint=${tableEndpoint};`,
    close,
  };
}
