import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { AppSettings } from './app-settings.js';
import { parseTimeSpan } from './time-span.js';

type JsonTree = { [key: string]: unknown };

const overridePrefix = 'AzureFunctionsJobHost__';

/**
 * host.json as the host sees it: the file (or the object the host is started with), with every
 * `AzureFunctionsJobHost__a__b` app setting overriding `a.b`. Keys are case-insensitive, as in .NET configuration.
 * Reads are typed; a value of the wrong shape is recorded in `problems` instead of throwing, so start-up can
 * report every problem at once.
 */
export class HostConfig {
  readonly problems: string[] = [];
  readonly #tree: JsonTree;

  private constructor(tree: JsonTree) {
    this.#tree = tree;
  }

  static async load(options: {
    appDir: string;
    settings: AppSettings;
    hostJson?: object;
  }): Promise<HostConfig> {
    let source: unknown = options.hostJson;
    const problems: string[] = [];
    if (source === undefined) {
      const file = path.join(options.appDir, 'host.json');
      try {
        source = JSON.parse(await readFile(file, 'utf8'));
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'ENOENT') problems.push(`${file} cannot be read: ${(error as Error).message}`);
        source = { version: '2.0' };
      }
    }

    const tree = lowerCaseKeys(isTree(source) ? source : {});
    for (const [name, value] of options.settings.withPrefix(overridePrefix))
      setPath(tree, name.split(':'), value);

    const config = new HostConfig(tree);
    config.problems.push(...problems);
    if (!isTree(source)) config.problems.push('host.json must hold a JSON object');
    else if (config.value('version') !== '2.0') {
      config.problems.push(
        `host.json "version" must be "2.0", not ${JSON.stringify(config.value('version'))}`,
      );
    }
    return config;
  }

  /** The raw value at a dotted path (`extensions.http.routePrefix`), case-insensitive. */
  value(dottedPath: string): unknown {
    let node: unknown = this.#tree;
    for (const key of dottedPath.toLowerCase().split('.')) {
      if (!isTree(node)) return undefined;
      node = node[key];
    }
    return node;
  }

  string(dottedPath: string, fallback: string): string {
    const value = this.value(dottedPath);
    if (value === undefined || value === null) return fallback;
    if (typeof value === 'string') return value;
    this.problems.push(`host.json "${dottedPath}" must be a string, not ${JSON.stringify(value)}`);
    return fallback;
  }

  integer(dottedPath: string, fallback: number, limits: { min?: number; max?: number } = {}): number {
    const value = this.value(dottedPath);
    if (value === undefined || value === null) return fallback;
    const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    const { min = -Infinity, max = Infinity } = limits;
    if (typeof number === 'number' && Number.isInteger(number) && number >= min && number <= max)
      return number;
    this.problems.push(
      `host.json "${dottedPath}" must be an integer${rangeText(min, max)}, not ${JSON.stringify(value)}`,
    );
    return fallback;
  }

  boolean(dottedPath: string, fallback: boolean): boolean {
    const value = this.value(dottedPath);
    if (value === undefined || value === null) return fallback;
    if (typeof value === 'boolean') return value;
    if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
    this.problems.push(`host.json "${dottedPath}" must be true or false, not ${JSON.stringify(value)}`);
    return fallback;
  }

  /** A TimeSpan string ("00:05:00") in milliseconds. */
  timeSpan(dottedPath: string, fallback: number): number;
  timeSpan(dottedPath: string, fallback: undefined): number | undefined;
  timeSpan(dottedPath: string, fallback: number | undefined): number | undefined {
    const value = this.value(dottedPath);
    if (value === undefined || value === null) return fallback;
    const ms = typeof value === 'string' ? parseTimeSpan(value) : undefined;
    if (ms !== undefined) return ms;
    this.problems.push(
      `host.json "${dottedPath}" must be a TimeSpan such as "00:05:00", not ${JSON.stringify(value)}`,
    );
    return fallback;
  }
}

function rangeText(min: number, max: number): string {
  if (min > -Infinity && max < Infinity) return ` from ${min} to ${max}`;
  if (min > -Infinity) return ` of at least ${min}`;
  if (max < Infinity) return ` of at most ${max}`;
  return '';
}

function isTree(value: unknown): value is JsonTree {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function lowerCaseKeys(tree: JsonTree): JsonTree {
  const result: JsonTree = {};
  for (const [key, value] of Object.entries(tree)) {
    result[key.toLowerCase()] = isTree(value) ? lowerCaseKeys(value) : value;
  }
  return result;
}

function setPath(tree: JsonTree, keys: string[], value: string): void {
  let node = tree;
  for (const key of keys.slice(0, -1)) {
    if (!isTree(node[key])) node[key] = {};
    node = node[key] as JsonTree;
  }
  node[keys.at(-1)!] = value;
}
