import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { contractsDirectory, renderContractDocuments } from '../../scripts/generate-contracts.js';

describe('contract documents', () => {
  it('match the committed docs/contracts files when generated from the schemas the code validates with', async () => {
    for (const [fileName, expected] of await renderContractDocuments()) {
      const committed = await readFile(path.join(contractsDirectory, fileName), 'utf8').catch(
        () => '(missing)',
      );
      assert.equal(
        committed,
        expected,
        `docs/contracts/${fileName} is out of date: run \`npm run contracts\``,
      );
    }
  });

  it('include no schema file that no contract produces any more', async () => {
    const generated = new Set((await renderContractDocuments()).keys());
    const committed = (await readdir(contractsDirectory)).filter((file) => file.endsWith('.schema.json'));
    assert.deepEqual(
      committed.filter((file) => !generated.has(file)),
      [],
      'stale schema files: run `npm run contracts`',
    );
  });
});
