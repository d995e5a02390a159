/** The app settings as the process sees them: `process.env` in production, a plain object in tests. */
export type SettingsSource = Readonly<Record<string, string | undefined>>;

export interface TextRule {
  readonly pattern: RegExp;
  /** What a valid value looks like, for the problem message. */
  readonly describe: string;
}

/**
 * Reads settings and collects what is wrong with them instead of stopping at the first problem. Empty values count
 * as absent: Azure and local.settings.json both write unset settings as empty strings.
 */
export class SettingsReader {
  readonly problems: string[] = [];
  readonly #source: SettingsSource;

  constructor(source: SettingsSource) {
    this.#source = source;
  }

  /** Whether the setting has a value, valid or not. */
  has(name: string): boolean {
    const value = this.#source[name]?.trim();
    return value !== undefined && value !== '';
  }

  optional(name: string, rule?: TextRule): string | undefined {
    const value = this.#source[name]?.trim();
    if (value === undefined || value === '') return undefined;
    if (rule !== undefined && !rule.pattern.test(value)) {
      this.report(`${name} must be ${rule.describe}; it is "${abbreviate(value)}".`);
      return undefined;
    }
    return value;
  }

  withDefault(name: string, fallback: string, rule?: TextRule): string {
    return this.optional(name, rule) ?? fallback;
  }

  report(problem: string): void {
    this.problems.push(problem);
  }
}

// A setting may hold a secret: a problem message shows only enough of it to recognise.
function abbreviate(value: string): string {
  return value.length <= 24 ? value : `${value.slice(0, 20)}...`;
}
