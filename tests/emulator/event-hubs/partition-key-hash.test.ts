import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { partitionForKey } from '../../../emulator/event-hubs/partition-key-hash.js';

// The SDK ships the service's hash for its buffered producer; its package exports hide the file, so it is loaded by path.
const require = createRequire(import.meta.url);
const sdkRoot = dirname(require.resolve('@azure/event-hubs/package.json'));
const sdk = require(join(sdkRoot, 'dist/commonjs/impl/partitionKeyToIdMapper.js')) as {
  mapPartitionKeyToId(partitionKey: string, partitionCount: number): number;
};

describe('partition key hash', () => {
  it('maps a key to the partition probed against the service when the hub has 2 partitions', () => {
    assert.equal(partitionForKey('device-7', 2), 0);
  });

  const keys = [
    '',
    'a',
    'ab',
    'abc',
    'abcd',
    'abcde',
    'abcdefgh',
    'abcdefghijk',
    'abcdefghijkl',
    'abcdefghijklm',
    'device-42',
    'order-2024-05-01-000123',
    'ünïcödé ключ 键',
    'x'.repeat(1000),
  ];
  for (const count of [1, 2, 3, 4, 7, 16, 32]) {
    it(`maps every key as the SDK's copy of the service hash does when the hub has ${count} partitions`, () => {
      const random = Array.from({ length: 200 }, (_, i) => `key-${i}-${(i * 2654435761) % 1000003}`);
      for (const key of [...keys, ...random])
        assert.equal(partitionForKey(key, count), sdk.mapPartitionKeyToId(key, count), `key '${key}'`);
    });
  }
});
