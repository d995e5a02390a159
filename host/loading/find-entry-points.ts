import fs from 'node:fs/promises';
import path from 'node:path';

type Glob = (pattern: string, options: { cwd: string }) => AsyncIterable<string>;

// Node 22 has fs.promises.glob; the @types/node this repo pins predates it, hence the narrow accessor.
const glob = (fs as unknown as { glob?: Glob }).glob;

/**
 * The files package.json `main` names, as absolute paths in a stable order. `main` may be a glob, as the worker
 * allows (it uses globby); matches are sorted so files load in the same order on every machine.
 */
export async function findEntryPoints(appDir: string, main: string): Promise<string[]> {
  if (!glob) throw new Error('package.json "main" globs need Node.js 22 or later');
  const matches: string[] = [];
  for await (const match of glob(main, { cwd: appDir })) matches.push(path.resolve(appDir, match));
  matches.sort();
  if (matches.length === 0) {
    // The worker's wording, so the message reads the same as under `func start`.
    throw new Error(
      hasGlobMagic(main) ? 'Found zero files matching the supplied pattern' : 'File does not exist',
    );
  }
  return matches;
}

function hasGlobMagic(pattern: string): boolean {
  return /[*?[\]{}!]/.test(pattern);
}
