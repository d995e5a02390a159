import { randomBytes } from 'node:crypto';
import { after, before } from 'node:test';
import type { TableClient } from '@azure/data-tables';
import { startAzurite, type RunningAzurite } from '../../../local/start-azurite.js';
import { tableClientFactory } from '../../../shared/adapters/table-storage/table-client-factory.js';

export interface TableStorageFixture {
  readonly azurite: () => RunningAzurite;
  /** A new table with a name no other test uses, created and ready. */
  newTable(prefix: string): Promise<TableClient>;
}

/** Starts Azurite for the test file (in memory, port 0) and stops it after the file's tests. */
export function useTableStorage(): TableStorageFixture {
  let azurite: RunningAzurite | undefined;
  before(async () => {
    azurite = await startAzurite();
  });
  after(() => azurite?.close());
  const running = (): RunningAzurite => {
    if (azurite === undefined) throw new Error('Azurite is not running: use the fixture inside tests.');
    return azurite;
  };
  return {
    azurite: running,
    async newTable(prefix) {
      const table = tableClientFactory({
        kind: 'connectionString',
        connectionString: running().connectionString,
      })(uniqueTableName(prefix));
      await table.createTable();
      return table;
    },
  };
}

/** Table names are letters and digits, starting with a letter, 3 to 63 characters. */
export function uniqueTableName(prefix: string): string {
  return `${prefix}${process.pid}${randomBytes(4).toString('hex')}`;
}
