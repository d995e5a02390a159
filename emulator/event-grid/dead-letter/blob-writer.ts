import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { sharedKeyAuthorization } from './shared-key.js';

export interface DeadLetterStorage {
  /** The account's blob endpoint, e.g. Azurite's `http://127.0.0.1:10000/devstoreaccount1`. */
  blobEndpoint: string;
  accountName: string;
  accountKey: string;
}

export interface BlobWriter {
  /** Creates or replaces a block blob; rejects with the service's status and error code when refused. */
  putBlockBlob(container: string, blobName: string, body: string, signal: AbortSignal): Promise<void>;
}

const storageVersion = '2021-12-02';

/** Put Blob over node:http with Shared Key: the one Storage call dead-lettering needs, without an SDK. */
export function createBlobWriter(storage: DeadLetterStorage, now: () => number): BlobWriter {
  const endpoint = storage.blobEndpoint.replace(/\/+$/, '');
  return {
    putBlockBlob(container, blobName, body, signal) {
      const path = blobName.split('/').map(encodeURIComponent).join('/');
      const url = new URL(`${endpoint}/${container}/${path}`);
      const headers: Record<string, string> = {
        'content-length': String(Buffer.byteLength(body)),
        'content-type': 'application/json',
        'x-ms-blob-type': 'BlockBlob',
        'x-ms-date': new Date(now()).toUTCString(),
        'x-ms-version': storageVersion,
      };
      headers['authorization'] = sharedKeyAuthorization({ method: 'PUT', url, headers, ...storage });
      return new Promise<void>((resolve, reject) => {
        const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, {
          method: 'PUT',
          headers,
          signal,
        });
        request.on('response', (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            if (response.statusCode === 201) return resolve();
            const code = response.headers['x-ms-error-code'] ?? 'unknown error';
            reject(new Error(`Put Blob ${url.pathname} failed: HTTP ${response.statusCode} ${String(code)}`));
          });
        });
        request.on('error', reject);
        request.end(body);
      });
    },
  };
}
