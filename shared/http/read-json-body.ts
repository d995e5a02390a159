import type { ApiRequest } from './api-request.js';
import { HttpEdgeError } from './http-edge-error.js';

export interface ReadJsonBodyOptions {
  readonly maxBytes: number;
  /** Whether an empty body is an error; when not, an empty body reads as `undefined`. */
  readonly required: boolean;
}

const jsonMediaType = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/**
 * Reads a JSON request body within a size cap. Each failure has its own problem: too large (413, checked from
 * Content-Length before anything is read, and again on what arrived), not JSON by its media type (415), not
 * UTF-8 or not parseable (400 `malformed_request`). Validation against the contract is the use case's job.
 */
export async function readJsonBody(request: ApiRequest, options: ReadJsonBodyOptions): Promise<unknown> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > options.maxBytes) throw tooLarge(options.maxBytes);
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.byteLength > options.maxBytes) throw tooLarge(options.maxBytes);
  if (bytes.byteLength === 0) {
    if (!options.required) return undefined;
    throw new HttpEdgeError('malformed_request', 'The request needs a JSON body.');
  }
  const contentType = request.headers.get('content-type') ?? '';
  if (!jsonMediaType.test(contentType)) {
    throw new HttpEdgeError(
      'unsupported_media_type',
      `The body must be sent as application/json, not ${contentType === '' ? 'without a Content-Type' : contentType}.`,
    );
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new HttpEdgeError('malformed_request', 'The body is not valid UTF-8.');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new HttpEdgeError('malformed_request', `The body is not valid JSON: ${(error as Error).message}`);
  }
}

function tooLarge(maxBytes: number): HttpEdgeError {
  return new HttpEdgeError('payload_too_large', `The body may be at most ${maxBytes} bytes.`);
}
