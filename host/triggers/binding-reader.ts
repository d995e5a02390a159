import type { RegisteredFunction } from '../core/app-registry.js';
import { bindingOption, type NamedBinding } from '../function-bindings.js';
import { resolveAppSettingExpressions } from '../settings/app-setting-expressions.js';
import type { AppSettings } from '../settings/app-settings.js';

/**
 * How a trigger's binding readers see its options: raw values, and strings with `%Setting%` expressions resolved.
 * Problems go into `problems`, named after the function; nothing is thrown, so a start reports every one at once.
 */
export function bindingReader(options: {
  fn: RegisteredFunction;
  trigger: NamedBinding;
  settings: AppSettings;
  problems: string[];
}): {
  where: string;
  option: (name: string) => unknown;
  resolve: (name: string) => string | undefined;
} {
  const { fn, trigger, settings, problems } = options;
  const where = `function '${fn.name}'`;
  const option = (name: string): unknown => bindingOption(trigger.binding, name);
  const resolve = (name: string): string | undefined => {
    const value = option(name);
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string') {
      problems.push(`${where}: "${name}" must be a string`);
      return undefined;
    }
    const resolved = resolveAppSettingExpressions(value, settings);
    problems.push(...resolved.problems.map((problem) => `${where}: ${problem}`));
    return resolved.value;
  };
  return { where, option, resolve };
}
