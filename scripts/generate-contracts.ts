/**
 * Writes `docs/contracts/<name>.schema.json` from the zod contracts the code validates with, and removes schema
 * files no contract produces any more. `npm run contracts`; a test fails while the committed files differ.
 */
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import * as prettier from 'prettier';
import { contractJsonSchemas } from '../shared/application/contracts/contract-catalog.js';

export const contractsDirectory = fileURLToPath(new URL('../../docs/contracts/', import.meta.url));

/** Each document as committed: formatted by the repository's Prettier settings, so `prettier --check` agrees. */
export async function renderContractDocuments(): Promise<Map<string, string>> {
  const options = (await prettier.resolveConfig(path.join(contractsDirectory, 'contract.json'))) ?? {};
  const documents = new Map<string, string>();
  for (const [fileName, schema] of contractJsonSchemas()) {
    documents.set(fileName, await prettier.format(JSON.stringify(schema), { ...options, parser: 'json' }));
  }
  return documents;
}

async function main(): Promise<void> {
  const documents = await renderContractDocuments();
  await mkdir(contractsDirectory, { recursive: true });
  for (const stale of (await readdir(contractsDirectory)).filter((file) => file.endsWith('.schema.json'))) {
    if (!documents.has(stale)) await rm(path.join(contractsDirectory, stale));
  }
  for (const [fileName, content] of documents)
    await writeFile(path.join(contractsDirectory, fileName), content);
  process.stdout.write(
    `${documents.size} contracts written to ${path.relative(process.cwd(), contractsDirectory)}\n`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
