import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

// The dependency rules of docs/architecture.md for the app's outer layers; the core's are in
// tests/application/core-dependencies.test.ts.

const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));

async function importsByFile(folder: string): Promise<[string, string][]> {
  const entries = await readdir(path.join(repositoryRoot, folder), { recursive: true });
  const pairs: [string, string][] = [];
  for (const entry of entries.filter((name) => name.endsWith('.ts'))) {
    const file = path.join(folder, entry);
    const source = await readFile(path.join(repositoryRoot, file), 'utf8');
    for (const match of source.matchAll(/^(?:import|export)\b[^'"]*?from\s+'([^']+)'/gm)) {
      const specifier = match[1] ?? '';
      pairs.push([file, specifier.startsWith('.') ? path.join(path.dirname(file), specifier) : specifier]);
    }
  }
  return pairs;
}

function violations(pairs: [string, string][], allowed: (target: string) => boolean): string[] {
  return pairs.filter(([, target]) => !allowed(target)).map(([file, target]) => `${file} imports ${target}`);
}

const within =
  (...folders: string[]) =>
  (target: string) =>
    folders.some((folder) => target.startsWith(`${folder}${path.sep}`));

describe('layering of the app', () => {
  it('keeps function files to translation: no SDK clients, no adapters, no settings', async () => {
    const pairs = await importsByFile('functions');
    assert.deepEqual(
      violations(
        pairs,
        (target) =>
          target === '@azure/functions' ||
          within(
            'functions',
            'shared/http',
            'shared/composition',
            'shared/application',
            'shared/config',
          )(target),
      ),
      [],
    );
    const sources = await Promise.all(
      (await readdir(path.join(repositoryRoot, 'functions'), { recursive: true }))
        .filter((name) => name.endsWith('.ts'))
        .map((name) => readFile(path.join(repositoryRoot, 'functions', name), 'utf8')),
    );
    assert.ok(
      sources.every((source) => !source.includes('process.env')),
      'a function file reads process.env',
    );
  });

  it('keeps configuration free of adapters and SDKs', async () => {
    assert.deepEqual(
      violations(await importsByFile('shared/config'), within('shared/config', 'shared/domain')),
      [],
    );
  });

  it('lets adapters depend on the core, the configuration types and Azure SDKs only', async () => {
    assert.deepEqual(
      violations(
        await importsByFile('shared/adapters'),
        (target) =>
          target.startsWith('@azure/') ||
          target.startsWith('node:') ||
          target === 'applicationinsights' ||
          within('shared/adapters', 'shared/application', 'shared/domain', 'shared/config')(target),
      ),
      [],
    );
  });

  it('keeps SDK construction out of everything but the adapters', async () => {
    const outside = [
      ...(await importsByFile('functions')),
      ...(await importsByFile('shared/http')),
      ...(await importsByFile('shared/composition')),
    ];
    assert.deepEqual(
      outside.filter(([, target]) => target.startsWith('@azure/') && target !== '@azure/functions'),
      [],
    );
  });
});
