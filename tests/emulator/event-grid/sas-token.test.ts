import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { AzureKeyCredential, generateSharedAccessSignature } from '@azure/eventgrid';
import { verifyEventGridSasToken } from '../../../emulator/event-grid/publish/event-grid-sas-token.js';
import { verifyBearerToken } from '../../../emulator/event-grid/publish/bearer-token.js';

const key = randomBytes(32).toString('base64');
const endpoint = 'http://127.0.0.1:6500/orders/api/events';
const now = Date.now();

async function tokenFor(
  options: { endpointUrl?: string; signingKey?: string; expiresOn?: Date } = {},
): Promise<string> {
  return generateSharedAccessSignature(
    options.endpointUrl ?? endpoint,
    new AzureKeyCredential(options.signingKey ?? key),
    options.expiresOn ?? new Date(now + 60 * 60_000),
  );
}

const verify = (token: string) =>
  verifyEventGridSasToken({ token, key, topicPath: '/orders/api/events', now });

describe('Event Grid SAS tokens (aeg-sas-token)', () => {
  it('accepts a token the SDK signed with the topic key', async () => {
    assert.deepEqual(verify(await tokenFor()), { valid: true });
  });

  it('accepts a token made for the same topic on another host name', async () => {
    assert.deepEqual(verify(await tokenFor({ endpointUrl: 'https://localhost:6500/ORDERS/api/events' })), {
      valid: true,
    });
  });

  it('refuses a token signed with another key', async () => {
    assert.match(
      reasonOf(verify(await tokenFor({ signingKey: randomBytes(32).toString('base64') }))),
      /signature is invalid/,
    );
  });

  it('refuses a token whose text was changed after signing', async () => {
    const token = (await tokenFor()).replace('orders', 'orderz');
    assert.match(reasonOf(verify(token)), /signature is invalid/);
  });

  it('refuses an expired token', async () => {
    assert.match(reasonOf(verify(await tokenFor({ expiresOn: new Date(now - 1000) }))), /expired/);
  });

  it('refuses a token for another topic', async () => {
    assert.match(
      reasonOf(verify(await tokenFor({ endpointUrl: 'http://127.0.0.1:6500/payments/api/events' }))),
      /resource does not match/,
    );
  });

  it('refuses text that is not a token', () => {
    assert.match(reasonOf(verify('not-a-token')), /format is invalid/);
  });
});

describe('Event Grid bearer tokens (local rule)', () => {
  const jwt = (claims: Record<string, unknown>): string =>
    [{ alg: 'RS256' }, claims]
      .map((part) => Buffer.from(JSON.stringify(part)).toString('base64url'))
      .join('.') + '.sig';
  const valid = { aud: 'https://eventgrid.azure.net', exp: now / 1000 + 600 };

  it('accepts a well-formed unexpired token for the Event Grid audience', () => {
    assert.deepEqual(verifyBearerToken(jwt(valid), now), { valid: true });
  });

  it('refuses an expired token', () => {
    assert.match(reasonOf(verifyBearerToken(jwt({ ...valid, exp: now / 1000 - 1 }), now)), /expired/);
  });

  it('refuses a token that is not yet valid', () => {
    assert.match(reasonOf(verifyBearerToken(jwt({ ...valid, nbf: now / 1000 + 60 }), now)), /not valid yet/);
  });

  it('refuses a token that is not a JWT', () => {
    assert.match(reasonOf(verifyBearerToken('opaque', now)), /Unable to read/);
  });
});

function reasonOf(verdict: { valid: true } | { valid: false; reason: string }): string {
  return verdict.valid ? '' : verdict.reason;
}
