import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { AppPackageJson } from './package-json.js';

const requireFromHost = createRequire(import.meta.url);
const importedUrls = new Set<string>();
let instance = 0;

/**
 * Loads one entry point as the worker does (`src/loadScriptFile.ts`): `import()` for ES modules (`.mjs`, or
 * `"type": "module"`), `require()` otherwise. Each load evaluates the file afresh, so several hosts in one process
 * (tests) each get the file's registrations; modules it imports are shared as usual.
 */
export async function loadEntryPoint(file: string, packageJson: AppPackageJson): Promise<void> {
  if (isEsModule(file, packageJson)) {
    const url = pathToFileURL(file).href;
    const freshUrl = importedUrls.has(url) ? `${url}?instance=${++instance}` : url;
    importedUrls.add(url);
    await import(freshUrl);
  } else {
    delete requireFromHost.cache[requireFromHost.resolve(file)];
    requireFromHost(file);
  }
}

function isEsModule(file: string, packageJson: AppPackageJson): boolean {
  if (file.endsWith('.mjs')) return true;
  if (file.endsWith('.cjs')) return false;
  return packageJson.type === 'module';
}
