/**
 * Makes settings visible to the app through `process.env`, as `func start` does: local.settings.json `Values` never
 * override the real environment; settings the host is started with do. Returns a function that puts back what it
 * changed, so a closed host leaves the environment as it found it.
 */
export function exposeToProcessEnv(options: {
  localValues: Record<string, string>;
  overrides: Record<string, string>;
}): () => void {
  const changed = new Map<string, { previous: string | undefined; value: string }>();
  const set = (name: string, value: string): void => {
    if (!changed.has(name)) changed.set(name, { previous: process.env[name], value });
    else changed.get(name)!.value = value;
    process.env[name] = value;
  };

  for (const [name, value] of Object.entries(options.localValues)) {
    if (process.env[name] === undefined) set(name, value);
  }
  for (const [name, value] of Object.entries(options.overrides)) set(name, value);

  return () => {
    for (const [name, { previous, value }] of changed) {
      // Leave alone what someone else changed since.
      if (process.env[name] !== value) continue;
      if (previous === undefined) delete process.env[name];
      else process.env[name] = previous;
    }
    changed.clear();
  };
}
