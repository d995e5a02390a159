import assert from 'node:assert/strict';
import { access, readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { contractCatalog } from '../../shared/application/contracts/contract-catalog.js';
import { defaultEntityNames } from '../../shared/config/load-config.js';

const docs = new URL('../../../docs/', import.meta.url);

interface AsyncApi {
  asyncapi: string;
  channels: Record<string, { address: string; messages: Record<string, { $ref: string }> }>;
  operations: Record<string, { channel: { $ref: string }; messages: { $ref: string }[] }>;
  components: { messages: Record<string, { payload: { schema?: { $ref: string } } }> };
}

async function asyncApi(): Promise<AsyncApi> {
  return JSON.parse(await readFile(new URL('asyncapi.json', docs), 'utf8')) as AsyncApi;
}

// HTTP request bodies are the OpenAPI document's, not a channel's.
const httpContracts = new Set(['place-order-request', 'cancel-order-request']);

describe('AsyncAPI document', () => {
  it('is AsyncAPI 3', async () => {
    assert.match((await asyncApi()).asyncapi, /^3\./);
  });

  it('references the JSON Schema of every message contract as a payload', async () => {
    const referenced = Object.values((await asyncApi()).components.messages).flatMap((message) =>
      message.payload.schema === undefined ? [] : [message.payload.schema.$ref],
    );
    const expected = [...contractCatalog.keys()]
      .filter((name) => !httpContracts.has(name))
      .map((name) => `./contracts/${name}.schema.json`);
    assert.deepEqual([...new Set(referenced)].sort(), expected.sort());
    for (const file of referenced) await access(new URL(file, docs));
  });

  it('names the entities the app uses as channel addresses', async () => {
    const addresses = Object.values((await asyncApi()).channels).map((channel) => channel.address);
    assert.deepEqual(
      addresses.sort(),
      [
        defaultEntityNames.invalidMessagesQueue,
        'orders',
        defaultEntityNames.stockCommandsQueue,
        defaultEntityNames.stockRepliesQueue,
        defaultEntityNames.telemetryHub,
      ].sort(),
    );
  });

  it('resolves every channel, message and operation reference', async () => {
    const document = await asyncApi();
    const resolve = (pointer: string): unknown =>
      pointer
        .replace(/^#\//, '')
        .split('/')
        .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], document);
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"(#\/[^"]+)"/g)].map(
      (match) => match[1] ?? '',
    );
    assert.ok(refs.length > 0);
    for (const pointer of refs) assert.notEqual(resolve(pointer), undefined, pointer);
  });
});
