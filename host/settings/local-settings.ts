import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** The parts of local.settings.json `func start` uses (schema: SchemaStore `local.settings.json`). */
export interface LocalSettings {
  values: Record<string, string>;
  connectionStrings: Record<string, string>;
  localHttpPort?: number;
}

/**
 * Reads local.settings.json from the app folder; a missing file means no settings, as for `func start`.
 * Throws a message naming the problem when the file is unusable.
 */
export async function readLocalSettings(appDir: string): Promise<LocalSettings> {
  const file = path.join(appDir, 'local.settings.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { values: {}, connectionStrings: {} };
    throw error;
  }

  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  if (!isObject(parsed)) throw new Error(`${file} must hold a JSON object`);
  if (parsed.IsEncrypted === true || parsed.IsEncrypted === 'true') {
    throw new Error(`${file} is encrypted; decrypt it with "func settings decrypt" first`);
  }

  const settings: LocalSettings = {
    values: stringMap(parsed.Values, `${file} "Values"`),
    connectionStrings: stringMap(parsed.ConnectionStrings, `${file} "ConnectionStrings"`),
  };
  const host = isObject(parsed.Host) ? parsed.Host : {};
  if (host.LocalHttpPort !== undefined) {
    const port = Number(host.LocalHttpPort);
    if (!Number.isInteger(port) || port < 0 || port > 65_535) {
      throw new Error(
        `${file} "Host.LocalHttpPort" must be a port number, not ${JSON.stringify(host.LocalHttpPort)}`,
      );
    }
    settings.localHttpPort = port;
  }
  return settings;
}

// Settings are strings; JSON numbers and booleans are taken as their text, as the host's configuration does.
function stringMap(value: unknown, where: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isObject(value)) throw new Error(`${where} must be an object of setting names to strings`);
  const result: Record<string, string> = {};
  for (const [name, setting] of Object.entries(value)) {
    if (setting === null) continue;
    if (typeof setting !== 'string' && typeof setting !== 'number' && typeof setting !== 'boolean') {
      throw new Error(`${where}: "${name}" must be a string`);
    }
    result[name] = String(setting);
  }
  return result;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
