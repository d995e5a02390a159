import type { AppSettings } from './app-settings.js';

/** How a trigger reaches its service: a connection string, or a namespace reached with a managed identity. */
export type Connection =
  | { kind: 'connectionString'; setting: string; connectionString: string }
  | { kind: 'identity'; setting: string; fullyQualifiedNamespace: string; clientId: string | undefined };

/**
 * Resolves a binding's `connection` as the WebJobs extensions do (`GetWebJobsConnectionStringSection`): first
 * `AzureWebJobs<name>`, then `<name>`, each looked up in `ConnectionStrings` before the app settings. A section with
 * a value is a connection string; one with a `fullyQualifiedNamespace` child is identity-based.
 */
export function resolveConnection(
  settings: AppSettings,
  name: string,
  service: string,
): { connection: Connection } | { problem: string } {
  for (const candidate of [`AzureWebJobs${name}`, name]) {
    for (const setting of [`ConnectionStrings:${candidate}`, candidate]) {
      const section = settings.section(setting);
      if (section.value === undefined && section.children.size === 0) continue;
      if (section.value?.trim())
        return { connection: { kind: 'connectionString', setting, connectionString: section.value } };
      const fullyQualifiedNamespace = section.children.get('fullyqualifiednamespace');
      if (fullyQualifiedNamespace?.trim()) {
        return {
          connection: {
            kind: 'identity',
            setting,
            fullyQualifiedNamespace,
            clientId: section.children.get('clientid'),
          },
        };
      }
      return {
        problem:
          `${service} connection "${name}" should hold a connection string ` +
          `or have a "${name}__fullyQualifiedNamespace" setting`,
      };
    }
  }
  return {
    problem:
      `${service} connection "${name}" does not exist: define the app setting "${name}" (a connection string) ` +
      `or "${name}__fullyQualifiedNamespace"`,
  };
}
