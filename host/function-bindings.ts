import type { RegisteredFunction } from './core/app-registry.js';
import type { RpcBindingInfo } from './core/functions-core-types.js';

export interface NamedBinding {
  name: string;
  binding: RpcBindingInfo;
}

// A function's bindings do not change once it is registered, and the HTTP path asks for them on every request.
function perFunction(
  find: (fn: RegisteredFunction) => NamedBinding | undefined,
): (fn: RegisteredFunction) => NamedBinding | undefined {
  const found = new WeakMap<RegisteredFunction, NamedBinding | undefined>();
  return (fn) => {
    if (!found.has(fn)) found.set(fn, find(fn));
    return found.get(fn);
  };
}

/** The function's trigger: its one input binding whose type ends in "Trigger". */
export const triggerOf = perFunction(findTrigger);

function findTrigger(fn: RegisteredFunction): NamedBinding | undefined {
  for (const [name, binding] of Object.entries(fn.metadata.bindings)) {
    if (binding.direction === 'in' && /trigger$/i.test(binding.type ?? '')) return { name, binding };
  }
  return undefined;
}

/** The HTTP output binding of an HTTP function (`$return` unless the app named one in `extraOutputs`). */
export const httpOutputOf = perFunction(findHttpOutput);

function findHttpOutput(fn: RegisteredFunction): NamedBinding | undefined {
  for (const [name, binding] of Object.entries(fn.metadata.bindings)) {
    if (binding.direction === 'out' && binding.type?.toLowerCase() === 'http') return { name, binding };
  }
  return undefined;
}

/**
 * Input and output bindings this host does not carry out. Running such a function would silently lose its
 * outputs or inputs, so start-up refuses it instead.
 */
export function unsupportedBindingsOf(fn: RegisteredFunction): NamedBinding[] {
  const trigger = triggerOf(fn);
  const httpOutput = trigger?.binding.type?.toLowerCase() === 'httptrigger' ? httpOutputOf(fn) : undefined;
  return Object.entries(fn.metadata.bindings)
    .filter(([name]) => name !== trigger?.name && name !== httpOutput?.name)
    .map(([name, binding]) => ({ name, binding }));
}

/** A string option of a binding (`route`, `schedule`, `queueName`, …), case-insensitively, as the host reads them. */
export function bindingOption(binding: RpcBindingInfo, option: string): unknown {
  const key = Object.keys(binding).find((candidate) => candidate.toLowerCase() === option.toLowerCase());
  return key === undefined ? undefined : binding[key];
}
