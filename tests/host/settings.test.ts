import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { resolveAppSettingExpressions } from '../../host/settings/app-setting-expressions.js';
import { AppSettings } from '../../host/settings/app-settings.js';
import { resolveConnection } from '../../host/settings/connections.js';
import { HostConfig } from '../../host/settings/host-config.js';
import { readHostOptions } from '../../host/settings/host-options.js';
import { startHost } from '../../host/start-host.js';
import { LogCollector, startFixtureHost } from './support/fixture-host.js';

describe('settings', () => {
  let scratch: string;

  before(async () => {
    scratch = await mkdtemp(path.join(tmpdir(), 'host-settings-'));
  });

  after(() => rm(scratch, { recursive: true, force: true }));

  /** An app folder with an empty entry point and the given files. */
  const appWith = async (files: Record<string, string>): Promise<string> => {
    const appDir = await mkdtemp(path.join(scratch, 'app-'));
    const all = { 'package.json': '{"main": "index.cjs"}', 'index.cjs': '', ...files };
    for (const [name, text] of Object.entries(all)) await writeFile(path.join(appDir, name), text);
    return appDir;
  };

  describe('of a running app', () => {
    it('reach the app from local.settings.json, the environment and the host options, in that rising order', async () => {
      process.env.HOST_FIXTURE_ALSO_IN_ENV = 'from the environment';
      try {
        const { host } = await startFixtureHost('settings-app', {
          settings: { HOST_FIXTURE_OVERRIDDEN: 'from the host options' },
        });
        try {
          // The route prefix comes from an AzureFunctionsJobHost__ setting in local.settings.json.
          const response = await fetch(`${host.url}/settings-api/settings`);
          assert.deepEqual(await response.json(), {
            localOnly: 'from local.settings.json',
            alsoInEnv: 'from the environment',
            overridden: 'from the host options',
            environment: 'Development',
          });
          assert.equal((await fetch(`${host.url}/api/settings`)).status, 404);
        } finally {
          await host.close();
        }
        assert.equal(
          process.env.HOST_FIXTURE_LOCAL_ONLY,
          undefined,
          'close takes local settings out of process.env',
        );
        assert.equal(
          process.env.HOST_FIXTURE_OVERRIDDEN,
          undefined,
          'close takes host options out of process.env',
        );
        assert.equal(process.env.HOST_FIXTURE_ALSO_IN_ENV, 'from the environment');
      } finally {
        delete process.env.HOST_FIXTURE_ALSO_IN_ENV;
      }
    });

    it('refuse to start, listing every host.json problem at once', async () => {
      const appDir = await appWith({
        'host.json': JSON.stringify({
          version: '1.0',
          functionTimeout: 'soon',
          logging: { logLevel: { default: 'Loud' } },
        }),
      });
      await assert.rejects(
        startHost({ appDir, port: 0, log: new LogCollector().sink }),
        (error: Error & { problems?: string[] }) => {
          assert.deepEqual(error.problems, [
            'host.json "version" must be "2.0", not "1.0"',
            'host.json "functionTimeout" must be a TimeSpan such as "00:05:00", not "soon"',
            'host.json "logging.logLevel.default" must be a log level (Trace … Critical, None), not "loud"',
          ]);
          return true;
        },
      );
    });

    it('refuse to start when local.settings.json is encrypted or not JSON', async () => {
      for (const [text, problem] of [
        [
          '{"IsEncrypted": true, "Values": {}}',
          /is encrypted; decrypt it with "func settings decrypt" first/,
        ],
        ['{ Values: ', /local\.settings\.json is not valid JSON/],
      ] as const) {
        const appDir = await appWith({ 'local.settings.json': text });
        await assert.rejects(startHost({ appDir, port: 0, log: new LogCollector().sink }), {
          name: 'HostStartError',
          message: problem,
        });
      }
    });
  });

  describe('lookup', () => {
    const settings = new AppSettings([
      { ConnectionStrings__Orders: 'from ConnectionStrings', Shared: 'lowest' },
      { Shared: 'middle', ServiceBusConnection__fullyQualifiedNamespace: 'orders.servicebus.windows.net' },
      {
        shared: 'highest',
        ServiceBusConnection__clientId: 'client-1',
        AzureWebJobsEventHub: 'Endpoint=sb://prefixed/',
      },
      { EventHub: 'Endpoint=sb://unprefixed/', Empty: '', Sched: '0 0 * * * *', Queue: 'orders' },
    ]);

    it('lets a later layer win and ignores the case of names', () => {
      assert.equal(settings.get('SHARED'), 'highest');
    });

    it('resolves every %name% in a binding property and names each missing setting', () => {
      assert.deepEqual(resolveAppSettingExpressions('%Queue%-%Sched%', settings), {
        value: 'orders-0 0 * * * *',
        problems: [],
      });
      assert.deepEqual(resolveAppSettingExpressions('%Queue%-%Nope%-%Gone%', settings).problems, [
        `'%Nope%' does not resolve to a value (no app setting "Nope")`,
        `'%Gone%' does not resolve to a value (no app setting "Gone")`,
      ]);
    });

    const connections: [name: string, expected: unknown][] = [
      [
        'Orders',
        {
          connection: {
            kind: 'connectionString',
            setting: 'ConnectionStrings:Orders',
            connectionString: 'from ConnectionStrings',
          },
        },
      ],
      [
        'EventHub',
        {
          connection: {
            kind: 'connectionString',
            setting: 'AzureWebJobsEventHub',
            connectionString: 'Endpoint=sb://prefixed/',
          },
        },
      ],
      [
        'ServiceBusConnection',
        {
          connection: {
            kind: 'identity',
            setting: 'ServiceBusConnection',
            fullyQualifiedNamespace: 'orders.servicebus.windows.net',
            clientId: 'client-1',
          },
        },
      ],
      [
        'Empty',
        {
          problem:
            'Service Bus connection "Empty" should hold a connection string or have a "Empty__fullyQualifiedNamespace" setting',
        },
      ],
      [
        'Missing',
        {
          problem:
            'Service Bus connection "Missing" does not exist: define the app setting "Missing" (a connection string) or "Missing__fullyQualifiedNamespace"',
        },
      ],
    ];

    for (const [name, expected] of connections) {
      it(`resolves the connection "${name}" as the WebJobs extensions do`, () => {
        assert.deepEqual(resolveConnection(settings, name, 'Service Bus'), expected);
      });
    }
  });

  describe('host.json', () => {
    const load = (hostJson: object, settings: Record<string, string> = {}) =>
      HostConfig.load({ appDir: scratch, settings: new AppSettings([settings]), hostJson });

    it('takes AzureFunctionsJobHost__ app settings over the file, whatever the case of the names', async () => {
      const config = await load(
        { version: '2.0', extensions: { http: { routePrefix: 'file' } }, functionTimeout: '00:10:00' },
        {
          AzureFunctionsJobHost__Extensions__HTTP__RoutePrefix: 'setting',
          azurefunctionsjobhost__functionTimeout: '00:00:30',
        },
      );
      assert.deepEqual(readHostOptions(config), {
        routePrefix: 'setting',
        functionTimeoutMs: 30_000,
        minimumLogLevel: 'information',
      });
      assert.deepEqual(config.problems, []);
    });

    for (const [functionTimeout, expected] of [
      [undefined, 30 * 60_000],
      ['-1', undefined],
      ['1.00:00:00', 86_400_000],
      ['00:00:01.5', 1500],
    ] as const) {
      it(`times functions out after ${expected ?? 'no limit'} ms when functionTimeout is ${functionTimeout ?? 'absent'}`, async () => {
        const config = await load({ version: '2.0', ...(functionTimeout && { functionTimeout }) });
        assert.equal(readHostOptions(config).functionTimeoutMs, expected);
      });
    }

    it('refuses a functionTimeout under one second', async () => {
      const config = await load({ version: '2.0', functionTimeout: '00:00:00.500' });
      readHostOptions(config);
      assert.deepEqual(config.problems, [
        'host.json "functionTimeout" must be at least 00:00:01, or -1 for no limit',
      ]);
    });
  });
});
