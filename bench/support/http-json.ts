import { Agent, request } from 'node:http';

export interface JsonAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

/** A keep-alive JSON client on node:http: lighter than fetch, so the load generator costs little next to the target. */
export class HttpJsonClient {
  readonly #agent: Agent;

  constructor(options: { maxSockets: number }) {
    this.#agent = new Agent({ keepAlive: true, maxSockets: options.maxSockets });
  }

  send(
    url: string,
    options: { method?: string; headers?: Record<string, string>; body?: unknown } = {},
  ): Promise<JsonAnswer> {
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        {
          agent: this.#agent,
          method: options.method ?? 'GET',
          headers: {
            ...(payload === undefined
              ? {}
              : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
            ...options.headers,
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let body: unknown = text;
            try {
              body = text === '' ? undefined : JSON.parse(text);
            } catch {
              // Not JSON: keep the text, for the error message.
            }
            resolve({ status: response.statusCode ?? 0, headers: response.headers, body });
          });
          response.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  close(): void {
    this.#agent.destroy();
  }
}
