/**
 * The app settings the host resolves bindings against, with the precedence of a `func start` session: settings the
 * host is started with, then the real environment, then local.settings.json `Values`; `ConnectionStrings` answer
 * `ConnectionStrings:<name>`. Names are case-insensitive and `__` is the hierarchy separator, as in .NET
 * configuration, so `ServiceBusConnection__fullyQualifiedNamespace` is a child of `ServiceBusConnection`.
 */
export class AppSettings {
  readonly #values = new Map<string, string>();

  /** Layers from lowest to highest precedence. */
  constructor(layers: Iterable<Record<string, string | undefined>>) {
    for (const layer of layers) {
      for (const [name, value] of Object.entries(layer)) {
        if (value !== undefined) this.#values.set(normalize(name), value);
      }
    }
  }

  get(name: string): string | undefined {
    return this.#values.get(normalize(name));
  }

  /** The value of a setting and of its children (`<name>__<child>`), as a .NET configuration section. */
  section(name: string): { value: string | undefined; children: Map<string, string> } {
    const key = normalize(name);
    const children = new Map<string, string>();
    for (const [candidate, value] of this.#values) {
      if (candidate.startsWith(`${key}:`)) children.set(candidate.slice(key.length + 1), value);
    }
    return { value: this.#values.get(key), children };
  }

  /** Every setting whose name starts with `prefix` (case-insensitive), without the prefix, as .NET paths (`a:b`). */
  withPrefix(prefix: string): Map<string, string> {
    const key = normalize(prefix);
    const found = new Map<string, string>();
    for (const [name, value] of this.#values) {
      if (name.startsWith(key)) found.set(name.slice(key.length), value);
    }
    return found;
  }
}

function normalize(name: string): string {
  return name.replaceAll('__', ':').toLowerCase();
}
