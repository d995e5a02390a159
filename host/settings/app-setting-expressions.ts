import type { AppSettings } from './app-settings.js';

/**
 * Replaces every `%Name%` in a binding property with the app setting `Name`, as the host does for its
 * auto-resolved properties (queue names, schedules, …). Reports each missing setting with the host's wording.
 */
export function resolveAppSettingExpressions(
  text: string,
  settings: AppSettings,
): { value: string; problems: string[] } {
  const problems: string[] = [];
  const value = text.replace(/%([^%]+)%/g, (expression, name: string) => {
    const setting = settings.get(name);
    if (setting !== undefined) return setting;
    problems.push(`'${expression}' does not resolve to a value (no app setting "${name}")`);
    return expression;
  });
  return { value, problems };
}
