import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readJsonBody } from '../../shared/http/read-json-body.js';
import { apiRequest } from './support/api-requests.js';

const json = { 'content-type': 'application/json' };
const options = { maxBytes: 64, required: true };

describe('readJsonBody', () => {
  it('parses a JSON body sent with a JSON media type, charset or +json suffix included', async () => {
    for (const contentType of [
      'application/json',
      'application/json; charset=utf-8',
      'application/merge-patch+json',
    ]) {
      assert.deepEqual(
        await readJsonBody(
          apiRequest({ headers: { 'content-type': contentType }, body: '{"a":1}' }),
          options,
        ),
        { a: 1 },
      );
    }
  });

  const failures: [string, Parameters<typeof apiRequest>[0], string][] = [
    [
      'a declared length over the cap',
      { headers: { ...json, 'content-length': '65' }, body: '{}' },
      'payload_too_large',
    ],
    ['a body over the cap', { headers: json, body: `"${'x'.repeat(80)}"` }, 'payload_too_large'],
    ['an empty body where one is required', { headers: json }, 'malformed_request'],
    ['a body without a Content-Type', { body: '{}' }, 'unsupported_media_type'],
    [
      'a text/plain body',
      { headers: { 'content-type': 'text/plain' }, body: '{}' },
      'unsupported_media_type',
    ],
    [
      'bytes that are not UTF-8',
      { headers: json, body: new Uint8Array([0x22, 0xff, 0x22]) },
      'malformed_request',
    ],
    ['text that is not JSON', { headers: json, body: '{"a":' }, 'malformed_request'],
  ];
  for (const [what, request, code] of failures) {
    it(`refuses with ${code} when given ${what}`, async () => {
      await assert.rejects(readJsonBody(apiRequest(request), options), { code });
    });
  }

  it('reads an empty body as undefined when none is required', async () => {
    assert.equal(await readJsonBody(apiRequest({}), { maxBytes: 64, required: false }), undefined);
  });
});
