import type { IncomingMessage } from 'node:http';

/** The host's request body limit (`maxRequestBodySize`, 100 MB); larger requests get 413. */
export const maxRequestBodyBytes = 104_857_600;

const empty = Buffer.alloc(0);

export type BodyResult = { kind: 'body'; bytes: Buffer } | { kind: 'tooLarge' } | { kind: 'aborted' };

/** Buffers a request body, refusing it as soon as it passes the limit (declared length or bytes received). */
export async function readRequestBody(
  req: IncomingMessage,
  limit = maxRequestBodyBytes,
): Promise<BodyResult> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) return { kind: 'tooLarge' };
  // Most requests (GET) have no body at all; skip the stream machinery for them.
  if (declared === 0 && req.headers['transfer-encoding'] === undefined) return { kind: 'body', bytes: empty };
  const chunks: Buffer[] = [];
  let received = 0;
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      received += chunk.length;
      if (received > limit) return { kind: 'tooLarge' };
      chunks.push(chunk);
    }
  } catch {
    return { kind: 'aborted' };
  }
  return { kind: 'body', bytes: Buffer.concat(chunks) };
}
