import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { loadConfig } from '../../shared/config/load-config.js';
import {
  appSettingNames,
  localSettingNames,
  settingsContract,
} from '../../shared/config/settings-contract.js';
import { azureSettings, localSettings, recordingSource } from './support/settings.js';

const sampleFile = new URL('../../../local.settings.sample.json', import.meta.url);

describe('settings contract', () => {
  it('lists exactly the settings the configuration loader reads, in its local and Azure forms together', () => {
    const local = recordingSource({ ...localSettings, StockSeed: '{}' });
    const azure = recordingSource(azureSettings);
    loadConfig(local.source);
    loadConfig(azure.source);
    const read = new Set([...local.read, ...azure.read]);
    assert.deepEqual([...read].sort(), [...appSettingNames()].sort());
  });

  it('matches local.settings.sample.json, name for name and value for value', async () => {
    const sample = JSON.parse(await readFile(sampleFile, 'utf8')) as { Values: Record<string, string> };
    const expected = Object.fromEntries(
      settingsContract
        .filter((setting) => setting.where !== 'azure')
        .map((setting) => [setting.name, setting.local]),
    );
    assert.deepEqual(sample.Values, expected);
    assert.deepEqual(Object.keys(sample.Values), localSettingNames());
  });

  it('gives every local or shared setting a local value and every Azure or shared one an Azure source', () => {
    for (const setting of settingsContract) {
      if (setting.where !== 'azure')
        assert.notEqual(setting.local, undefined, `${setting.name} has no local value`);
      if (setting.where !== 'local')
        assert.notEqual(setting.azure, undefined, `${setting.name} has no Azure source`);
    }
  });

  it('never gives Azure a key or a connection string', () => {
    const azure = settingsContract.filter((setting) => setting.where !== 'local');
    for (const setting of azure) {
      assert.doesNotMatch(
        setting.name,
        /key$|^(AzureWebJobsStorage|ServiceBusConnection|EventHubConnection)$/i,
      );
    }
  });

  it('loads the sample as it is, so a fresh clone starts', async () => {
    const sample = JSON.parse(await readFile(sampleFile, 'utf8')) as { Values: Record<string, string> };
    assert.equal(loadConfig(sample.Values).entities.stockCommandsQueue, 'stock-commands');
  });
});
