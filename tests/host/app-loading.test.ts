import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { HostStartError, type RunningHost, startHost } from '../../host/start-host.js';
import { LogCollector, startFixtureHost } from './support/fixture-host.js';

describe('loading an app', () => {
  const hosts: RunningHost[] = [];
  let scratch: string;

  before(async () => {
    scratch = await mkdtemp(path.join(tmpdir(), 'host-loading-'));
  });

  after(async () => {
    await Promise.all(hosts.map((host) => host.close()));
    await rm(scratch, { recursive: true, force: true });
  });

  const start = async (fixture: string): Promise<RunningHost> => {
    const { host } = await startFixtureHost(fixture);
    hosts.push(host);
    return host;
  };

  const startIn = async (files: Record<string, string>): Promise<RunningHost> => {
    const appDir = await mkdtemp(path.join(scratch, 'app-'));
    for (const [name, text] of Object.entries(files)) await writeFile(path.join(appDir, name), text);
    const host = await startHost({ appDir, port: 0, log: new LogCollector().sink });
    hosts.push(host);
    return host;
  };

  it('registers the functions of every file when package.json main is a glob', async () => {
    const host = await start('http-app');
    const names = host.functions.map((fn) => fn.name);
    assert.ok(names.includes('echo'), 'a function of inspect-functions.js');
    assert.ok(names.includes('throws'), 'a function of behaviour-functions.js');
  });

  it('loads an app with require() when package.json does not declare ES modules', async () => {
    const host = await start('cjs-app');
    const response = await fetch(`${host.url}/api/module-system`);
    assert.deepEqual(await response.json(), { commonJs: true });
  });

  for (const [fixture, path] of [
    ['cjs-app', '/api/module-system'],
    ['http-app', '/api/items/1'],
  ] as const) {
    it(`serves ${fixture} in two hosts of one process at once, each with its own registrations`, async () => {
      const both = await Promise.all([start(fixture), start(fixture)]);
      const answers = await Promise.all(both.map((host) => fetch(`${host.url}${path}`)));
      assert.deepEqual(
        answers.map((answer) => answer.status),
        [200, 200],
      );
    });
  }

  it('refuses to start, naming the file and the error, when an entry point throws', async () => {
    await assert.rejects(startFixtureHost('broken-entry-app'), (error: unknown) => {
      assert.ok(error instanceof HostStartError);
      assert.match(error.message, /Worker was unable to load entry point ".*broken-entry-app[/\\]index\.js"/);
      assert.match(error.message, /configuration file missing/);
      return true;
    });
  });

  it("refuses to start with the worker's message when two functions share a name", async () => {
    await assert.rejects(startFixtureHost('duplicate-name-app'), {
      name: 'HostStartError',
      message: /A function with id "placeOrder" has already been registered\./,
    });
  });

  it('refuses to start, naming the hook error, when an appStart hook throws', async () => {
    await assert.rejects(startFixtureHost('failing-app-start-app'), {
      name: 'HostStartError',
      message: /an appStart hook failed: the database is unreachable/,
    });
  });

  it("refuses a registration made after start with the worker's message", async () => {
    const host = await start('http-app');
    const response = await fetch(`${host.url}/api/registers-late`);
    assert.equal(response.status, 409);
    assert.equal(await response.text(), 'A function can only be registered during app startup.');
  });

  it('refuses to start when package.json main matches no file', async () => {
    await assert.rejects(startIn({ 'package.json': '{"main": "dist/*.js"}' }), {
      name: 'HostStartError',
      message: /unable to load entry point "dist\/\*\.js": Found zero files matching the supplied pattern/,
    });
  });

  it('refuses to start when package.json names no entry point', async () => {
    await assert.rejects(startIn({ 'package.json': '{"name": "no-main"}' }), {
      name: 'HostStartError',
      message: /package\.json in .* has no "main"/,
    });
  });

  it('refuses to start when the app folder has no package.json', async () => {
    await assert.rejects(startHost({ appDir: path.join(scratch, 'missing'), port: 0 }), {
      name: 'HostStartError',
      message: /cannot read .*package\.json/,
    });
  });

  it('starts with a warning when the app registers no function', async () => {
    const appDir = await mkdtemp(path.join(scratch, 'empty-'));
    await writeFile(path.join(appDir, 'package.json'), '{"main": "index.cjs"}');
    await writeFile(path.join(appDir, 'index.cjs'), '');
    const logs = new LogCollector();
    const host = await startHost({ appDir, port: 0, log: logs.sink });
    hosts.push(host);
    assert.deepEqual(host.functions, []);
    assert.ok(
      logs.records.some(
        (record) => record.level === 'warning' && record.message === 'No job functions found.',
      ),
    );
  });
});
