import type { RegisteredFunction } from './core/app-registry.js';
import { bindingOption, triggerOf, unsupportedBindingsOf } from './function-bindings.js';
import type { AuthLevel } from './http/function-keys.js';
import type { HttpRouteDeclaration } from './http/route-table.js';
import type { RetryPolicy } from './invocation/retry-policy.js';
import type { AppSettings } from './settings/app-settings.js';
import { type EventHubsBinding, readEventHubsBinding } from './triggers/event-hubs/event-hubs-binding.js';
import { readServiceBusBinding, type ServiceBusBinding } from './triggers/service-bus/service-bus-binding.js';
import { readTimerBinding, type TimerBinding } from './triggers/timer/timer-binding.js';

/** The app's functions sorted by what drives them, with every configuration problem found on the way. */
export interface FunctionPlan {
  http: HttpRouteDeclaration[];
  eventGrid: RegisteredFunction[];
  timers: TimerBinding[];
  serviceBus: ServiceBusBinding[];
  eventHubs: EventHubsBinding[];
  /** Functions whose trigger this host does not run; they are reported, not refused. */
  unsupported: { fn: RegisteredFunction; triggerType: string }[];
  problems: string[];
}

const authLevels = new Set<AuthLevel>(['anonymous', 'function', 'admin']);

export function planFunctions(options: {
  functions: Iterable<RegisteredFunction>;
  settings: AppSettings;
  hostRetryPolicy: RetryPolicy | undefined;
  now: number;
}): FunctionPlan {
  const plan: FunctionPlan = {
    http: [],
    eventGrid: [],
    timers: [],
    serviceBus: [],
    eventHubs: [],
    unsupported: [],
    problems: [],
  };
  for (const fn of options.functions) {
    const where = `function '${fn.name}'`;
    const trigger = triggerOf(fn);
    if (!trigger) {
      plan.problems.push(`${where} has no trigger binding`);
      continue;
    }
    for (const { name, binding } of unsupportedBindingsOf(fn)) {
      plan.problems.push(
        `${where}: the ${binding.direction === 'out' ? 'output' : 'input'} binding "${name}" (${binding.type}) ` +
          'is not supported by this host; use the service SDK from the function instead',
      );
    }

    const triggerType = trigger.binding.type!.toLowerCase();
    if (triggerType === 'httptrigger') {
      const authOption = bindingOption(trigger.binding, 'authLevel');
      const authLevel = (typeof authOption === 'string' ? authOption : 'function').toLowerCase() as AuthLevel;
      if (!authLevels.has(authLevel)) {
        plan.problems.push(`${where}: "authLevel" must be anonymous, function or admin, not "${authLevel}"`);
        continue;
      }
      const methods = bindingOption(trigger.binding, 'methods');
      const route = bindingOption(trigger.binding, 'route');
      plan.http.push({
        functionName: fn.name,
        route: typeof route === 'string' ? route : undefined,
        methods: Array.isArray(methods) && methods.length > 0 ? methods.map(String) : undefined,
        authLevel,
      });
    } else if (triggerType === 'eventgridtrigger') {
      plan.eventGrid.push(fn);
    } else if (triggerType === 'timertrigger') {
      const { binding, problems } = readTimerBinding({ ...options, fn, trigger });
      plan.problems.push(...problems);
      if (binding) plan.timers.push(binding);
    } else if (triggerType === 'servicebustrigger') {
      const { binding, problems } = readServiceBusBinding({ fn, trigger, settings: options.settings });
      plan.problems.push(...problems);
      if (binding) plan.serviceBus.push(binding);
    } else if (triggerType === 'eventhubtrigger') {
      const { binding, problems } = readEventHubsBinding({ ...options, fn, trigger });
      plan.problems.push(...problems);
      if (binding) plan.eventHubs.push(binding);
    } else {
      plan.unsupported.push({ fn, triggerType: trigger.binding.type! });
    }
  }
  return plan;
}
