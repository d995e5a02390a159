import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { readRequestBody } from '../../host/http/read-request-body.js';
import { type RunningHost, startHost } from '../../host/start-host.js';
import { fixtureDir, startFixtureHost } from './support/fixture-host.js';
import { ManualClock } from './support/manual-clock.js';
import { rawRequest } from './support/raw-request.js';
import { until } from './support/wait-for.js';

interface Echo {
  method: string;
  url: string;
  headers: Record<string, string>;
  query: Record<string, string>;
  params: Record<string, string>;
  body: string;
  functionName: string;
}

describe('the HTTP trigger', () => {
  let host: RunningHost;
  const others: RunningHost[] = [];

  before(async () => {
    ({ host } = await startFixtureHost('http-app'));
  });

  after(async () => {
    await Promise.all([host, ...others].map((running) => running.close()));
  });

  const startOther = async (...args: Parameters<typeof startFixtureHost>) => {
    const started = await startFixtureHost(...args);
    others.push(started.host);
    return started;
  };

  describe('request', () => {
    it('reaches the function with method, URL, lower-cased headers, query and route values as the host sends them', async () => {
      const response = await rawRequest(`${host.url}/api/echo/a/b?x=1&x=2&empty=`, {
        method: 'PUT',
        headers: { 'X-Repeated': ['one', 'two'], 'X-Empty': '', 'Content-Length': '5' },
        chunks: ['hello'],
      });
      const echo = JSON.parse(response.body) as Echo;
      assert.equal(echo.method, 'PUT');
      assert.equal(echo.url, `${host.url}/api/echo/a/b?x=1&x=2&empty=`);
      assert.equal(echo.headers['x-repeated'], 'one,two');
      assert.equal(echo.headers['x-empty'], '');
      assert.deepEqual(echo.query, { x: '1,2', empty: '' });
      assert.deepEqual(echo.params, { rest: 'a/b' });
      assert.equal(echo.body, 'hello');
    });

    it('reaches the function without a body when the request body is chunked, as on Azure', async () => {
      const response = await rawRequest(`${host.url}/api/echo/chunked`, {
        method: 'POST',
        headers: { 'Transfer-Encoding': 'chunked' },
        chunks: ['hel', 'lo'],
      });
      assert.equal((JSON.parse(response.body) as Echo).body, '');
    });

    it('answers 413 when the request declares a body over 100 MB', async () => {
      const response = await rawRequest(`${host.url}/api/echo/large`, {
        method: 'POST',
        headers: { 'Content-Length': String(104_857_601) },
        end: false,
      });
      assert.equal(response.status, 413);
    });

    it('stops reading a chunked body as soon as it passes the limit', async () => {
      const server = createServer((req, res) => {
        void readRequestBody(req, 8).then((result) => res.end(result.kind));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const { port } = server.address() as AddressInfo;
        const url = `http://127.0.0.1:${port}/`;
        const chunked = { method: 'POST', headers: { 'Transfer-Encoding': 'chunked' } };
        assert.equal((await rawRequest(url, { ...chunked, chunks: ['1234', '5678'] })).body, 'body');
        assert.equal((await rawRequest(url, { ...chunked, chunks: ['1234', '56789'] })).body, 'tooLarge');
      } finally {
        server.closeAllConnections();
        server.close();
      }
    });
  });

  describe('routing', () => {
    const routes: [
      path: string,
      method: string,
      functionName: string | undefined,
      params?: Record<string, string>,
    ][] = [
      ['/api/items/42', 'GET', 'getItem', { id: '42' }],
      ['/api/ITEMS/42/', 'GET', 'getItem', { id: '42' }],
      ['/api/items/abc', 'GET', 'getItemByName', { name: 'abc' }],
      ['/api/items/4x', 'GET', undefined],
      ['/api/items/2147483648', 'GET', undefined],
      ['/api/items', 'POST', 'createItem', {}],
      [
        '/api/orders/0f8fad5b-d9cb-469f-a165-70867728950e',
        'GET',
        'findOrder',
        { id: '0f8fad5b-d9cb-469f-a165-70867728950e' },
      ],
      [
        '/api/orders/0f8fad5b-d9cb-469f-a165-70867728950e/lines',
        'GET',
        'findOrder',
        { id: '0f8fad5b-d9cb-469f-a165-70867728950e', part: 'lines' },
      ],
      ['/api/orders/not-a-guid', 'GET', undefined],
      ['/api/defaultRoute', 'GET', 'defaultRoute', {}],
      ['/api/echo', 'GET', 'echo', {}],
      ['/api/echo/a%20b/c', 'GET', 'echo', { rest: 'a b/c' }],
      ['/items/42', 'GET', undefined],
      // A known route with a method it does not accept: 404, as the host answers (Azure/azure-functions-host#10098).
      ['/api/items/42', 'DELETE', undefined],
      ['/api/items', 'GET', undefined],
    ];

    for (const [path, method, functionName, params] of routes) {
      it(`${functionName ? `runs ${functionName}` : 'answers 404'} when the request is ${method} ${path}`, async () => {
        const response = await fetch(`${host.url}${path}`, { method });
        if (!functionName) {
          assert.equal(response.status, 404);
          return;
        }
        const echo = (await response.json()) as Echo;
        assert.equal(echo.functionName, functionName);
        assert.deepEqual(echo.params, params);
      });
    }

    for (const [routePrefix, path] of [
      ['v1', '/v1/items/42'],
      ['', '/items/42'],
    ] as const) {
      it(`serves routes under "/${routePrefix}" when host.json sets routePrefix to "${routePrefix}"`, async () => {
        const { host: prefixed } = await startOther('http-app', {
          hostJson: { version: '2.0', extensions: { http: { routePrefix } } },
        });
        assert.equal((await fetch(`${prefixed.url}${path}`)).status, 200);
        assert.equal((await fetch(`${prefixed.url}/api/items/42`)).status, 404);
      });
    }

    it('refuses to start, naming every routing problem, when routes conflict, are reserved or malformed', async () => {
      await assert.rejects(startFixtureHost('bad-routes-app'), (error: Error & { problems?: string[] }) => {
        assert.deepEqual(error.problems, [
          `function 'searchOrders': the route "/Orders/" conflicts with the route defined by function 'listOrders'`,
          `function 'adminPage': the route "admin/page" conflicts with the host's built-in routes (admin/…, runtime/…)`,
          `function 'badConstraint': the route constraint "number" is not known`,
        ]);
        return true;
      });
    });
  });

  describe('keys', () => {
    const status = async (path: string, headers: Record<string, string> = {}): Promise<number> =>
      (await fetch(`${host.url}${path}`, { headers })).status;

    it('serves an anonymous function without a key, and with any key', async () => {
      assert.equal(await status('/api/echo/x'), 200);
      assert.equal(await status('/api/echo/x?code=wrong'), 200);
    });

    it('answers 401 to a function-level route without a key or with a wrong one', async () => {
      assert.equal(await status('/api/keyed/function'), 401);
      assert.equal(await status('/api/keyed/function?code=wrong'), 401);
      assert.equal(await status('/api/keyed/function', { 'x-functions-key': host.keys.eventGrid }), 401);
    });

    it('accepts the function key, the host key or the master key on a function-level route, as code or header', async () => {
      for (const key of [host.keys.functions.functionKeyed!, host.keys.host, host.keys.master]) {
        assert.equal(await status(`/api/keyed/function?code=${encodeURIComponent(key)}`), 200);
        assert.equal(await status('/api/keyed/function', { 'x-functions-key': key }), 200);
      }
    });

    it('accepts only the master key on an admin-level route', async () => {
      assert.equal(await status('/api/keyed/admin', { 'x-functions-key': host.keys.host }), 401);
      assert.equal(await status('/api/keyed/admin', { 'x-functions-key': host.keys.master }), 200);
    });

    it('serves GET /admin/host/status for the master key only', async () => {
      assert.equal(await status('/admin/host/status'), 401);
      const response = await fetch(`${host.url}/admin/host/status`, {
        headers: { 'x-functions-key': host.keys.master },
      });
      const body = (await response.json()) as { state: string; id: string };
      assert.equal(body.state, 'Running');
      assert.equal(body.id, 'http-app');
    });

    it('accepts every request without a key when keys are not enforced, as func start does', async () => {
      const { host: open } = await startOther('http-app', { enforceKeys: false });
      for (const path of ['/api/keyed/function', '/api/keyed/admin', '/admin/host/status']) {
        assert.equal((await fetch(`${open.url}${path}`)).status, 200, path);
      }
    });

    it('uses the keys it is given', async () => {
      const { host: keyed } = await startOther('http-app', { keys: { master: 'given-master-key' } });
      assert.equal(keyed.keys.master, 'given-master-key');
      assert.equal((await fetch(`${keyed.url}/api/keyed/admin?code=given-master-key`)).status, 200);
    });
  });

  describe('response', () => {
    it('carries the status, headers, cookies and JSON body the function returns', async () => {
      const response = await fetch(`${host.url}/api/created`, { method: 'POST' });
      assert.equal(response.status, 201);
      assert.equal(response.headers.get('x-custom'), 'yes');
      assert.equal(response.headers.get('content-type'), 'application/json');
      assert.deepEqual(response.headers.getSetCookie(), [
        'session=a%20b; max-age=60; path=/; samesite=strict; httponly',
      ]);
      assert.deepEqual(await response.json(), { created: true });
    });

    it('is 200 with an empty body when the function returns nothing', async () => {
      const response = await fetch(`${host.url}/api/no-response`);
      assert.equal(response.status, 200);
      assert.equal(await response.text(), '');
    });

    it('is 500 with an empty body when the function throws, and the host keeps serving', async () => {
      const failed = await fetch(`${host.url}/api/throws`);
      assert.equal(failed.status, 500);
      assert.equal(await failed.text(), '');
      assert.equal((await fetch(`${host.url}/api/echo/after`)).status, 200);
    });

    it('is 500 once host.json functionTimeout has passed, with the timeout logged', async () => {
      const clock = new ManualClock(Date.UTC(2026, 0, 1));
      const { host: timed, logs: timedLogs } = await startOther('http-app', { clock });
      const response = fetch(`${timed.url}/api/hangs`);
      await until(() => clock.pendingTimers > 0);
      clock.advance(5000);
      assert.equal((await response).status, 500);
      const timeout = await timedLogs.waitFor((record) =>
        record.message.startsWith('Timeout value of 00:00:05 exceeded'),
      );
      assert.match(
        timeout.message,
        /^Timeout value of 00:00:05 exceeded by function 'Functions\.hangs' \(Id: '[0-9a-f-]{36}'\)\. Initiating cancellation\.$/,
      );
    });
  });

  it('refuses to start, naming the port, when the port is taken', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = taken.address() as AddressInfo;
      await assert.rejects(startFixtureHost('cjs-app', { port }), {
        name: 'HostStartError',
        message: `The host cannot start: port ${port} on 127.0.0.1 is already in use`,
      });
    } finally {
      taken.close();
    }
  });

  it('lets a request being served finish before it closes', async () => {
    const { host: closing } = await startFixtureHost('http-app');
    const answer = fetch(`${closing.url}/api/slow`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const closed = closing.close();
    const response = await answer;
    assert.equal(response.status, 200);
    assert.equal(await response.text(), 'done');
    await closed;
    await assert.rejects(fetch(`${closing.url}/api/slow`), { name: 'TypeError' });
  });

  it('closes its listener on close, and close can be called again', async () => {
    const closing = await startHost({ appDir: fixtureDir('cjs-app'), port: 0, log: () => undefined });
    await closing.close();
    await closing.close();
    await assert.rejects(fetch(`${closing.url}/api/module-system`), { name: 'TypeError' });
  });
});
