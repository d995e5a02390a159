import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

// Compiled to dist/tests/application/, so the sources are three levels up.
const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));

async function sourceFiles(folder: string): Promise<string[]> {
  const entries = await readdir(path.join(repositoryRoot, folder), { recursive: true });
  return entries.filter((entry) => entry.endsWith('.ts')).map((entry) => path.join(folder, entry));
}

async function importsOf(file: string): Promise<string[]> {
  const source = await readFile(path.join(repositoryRoot, file), 'utf8');
  return [...source.matchAll(/^(?:import|export)\b[^'"]*?from\s+'([^']+)'/gm)].map((match) => match[1] ?? '');
}

/** Imports of files in `folder` that resolve outside `allowedFolders` and are not in `allowedPackages`. */
async function forbiddenImports(
  folder: string,
  allowedFolders: string[],
  allowedPackages: string[],
): Promise<string[]> {
  const violations: string[] = [];
  for (const file of await sourceFiles(folder)) {
    for (const specifier of await importsOf(file)) {
      const allowed = specifier.startsWith('.')
        ? allowedFolders.some((allowedFolder) =>
            path.join(path.dirname(file), specifier).startsWith(`${allowedFolder}${path.sep}`),
          )
        : allowedPackages.includes(specifier);
      if (!allowed) violations.push(`${file} imports ${specifier}`);
    }
  }
  return violations;
}

describe('core dependencies', () => {
  it('keep the domain free of every import but its own files', async () => {
    assert.deepEqual(await forbiddenImports('shared/domain', ['shared/domain'], []), []);
  });

  it('keep the application free of Azure SDKs and protocols, importing only the domain, zod and node:crypto', async () => {
    assert.deepEqual(
      await forbiddenImports(
        'shared/application',
        ['shared/application', 'shared/domain'],
        ['zod', 'node:crypto'],
      ),
      [],
    );
  });

  it('keep the HTTP edge free of Azure SDKs and the Functions library, importing only the core, zod and timers', async () => {
    assert.deepEqual(
      await forbiddenImports(
        'shared/http',
        ['shared/http', 'shared/application', 'shared/domain'],
        ['zod', 'node:timers/promises'],
      ),
      [],
    );
  });
});
