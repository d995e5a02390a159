import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** The two fields of package.json the worker reads (`src/parsers/parsePackageJson.ts`). */
export interface AppPackageJson {
  main?: string;
  type?: string;
}

export async function readAppPackageJson(appDir: string): Promise<AppPackageJson> {
  const file = path.join(appDir, 'package.json');
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
  const fields = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  const result: AppPackageJson = {};
  if (typeof fields.main === 'string') result.main = fields.main;
  if (typeof fields.type === 'string') result.type = fields.type;
  return result;
}
