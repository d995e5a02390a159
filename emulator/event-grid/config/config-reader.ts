/**
 * Reads untyped configuration and records every problem with its path instead of stopping at the first, so one
 * error lists all that is wrong with a config file.
 */
export class ConfigReader {
  readonly problems: string[] = [];

  report(path: string, message: string): void {
    this.problems.push(`${path}: ${message}`);
  }

  /** An object whose keys are all in `allowed` (a typo is reported, not ignored). */
  object(value: unknown, path: string, allowed: readonly string[]): Record<string, unknown> | undefined {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.report(path, 'must be an object');
      return undefined;
    }
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) {
        this.report(`${path}.${key}`, `is not a known property (known: ${allowed.join(', ')})`);
      }
    }
    return value as Record<string, unknown>;
  }

  array(value: unknown, path: string): unknown[] | undefined {
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) {
      this.report(path, 'must be an array');
      return undefined;
    }
    return value as unknown[];
  }

  string(value: unknown, path: string, rule?: { pattern?: RegExp; describe?: string }): string | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'string') {
      this.report(path, 'must be a string');
      return undefined;
    }
    if (rule?.pattern && !rule.pattern.test(value)) {
      this.report(path, `must be ${rule.describe ?? `a string matching ${String(rule.pattern)}`}`);
      return undefined;
    }
    return value;
  }

  requiredString(
    value: unknown,
    path: string,
    rule?: { pattern?: RegExp; describe?: string },
  ): string | undefined {
    if (value === undefined) {
      this.report(path, 'is required');
      return undefined;
    }
    return this.string(value, path, rule);
  }

  boolean(value: unknown, path: string): boolean | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'boolean') {
      this.report(path, 'must be true or false');
      return undefined;
    }
    return value;
  }

  integer(value: unknown, path: string, min: number, max: number): number | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      this.report(path, `must be an integer from ${min} to ${max}`);
      return undefined;
    }
    return value;
  }

  oneOf<T extends string>(value: unknown, path: string, choices: readonly T[]): T | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !choices.includes(value as T)) {
      this.report(path, `must be one of ${choices.join(', ')}`);
      return undefined;
    }
    return value as T;
  }
}
