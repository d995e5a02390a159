import path from 'node:path';
import type { FunctionPlan } from './function-plan.js';
import type { HostKeys } from './http/function-keys.js';
import type { RouteTable } from './http/route-table.js';
import { eventGridWebhookPath } from './triggers/event-grid/event-grid-webhook.js';

export interface FunctionSummary {
  name: string;
  /** The trigger binding type, e.g. `httpTrigger`. */
  trigger: string;
  /** HTTP functions: the invoke URL and methods; Event Grid functions: the webhook URL (without key). */
  url?: string;
  methods?: string[];
  /** False when this host does not run the function's trigger. */
  running: boolean;
}

/** What the host runs, for `RunningHost.functions` and the start-up listing. */
export function summarizeFunctions(
  plan: FunctionPlan,
  routes: RouteTable,
  baseUrl: string,
): FunctionSummary[] {
  const http = routes.routes.map((route) => ({
    name: route.functionName,
    trigger: 'httpTrigger',
    url: `${baseUrl}/${route.template.text}`,
    ...(route.methods && { methods: route.methods }),
    running: true,
  }));
  const eventGrid = plan.eventGrid.map((fn) => ({
    name: fn.name,
    trigger: 'eventGridTrigger',
    url: `${baseUrl}${eventGridWebhookPath}?functionName=${encodeURIComponent(fn.name)}`,
    running: true,
  }));
  const timers = plan.timers.map(({ fn }) => ({ name: fn.name, trigger: 'timerTrigger', running: true }));
  const serviceBus = plan.serviceBus.map(({ fn }) => ({
    name: fn.name,
    trigger: 'serviceBusTrigger',
    running: true,
  }));
  const eventHubs = plan.eventHubs.map(({ fn }) => ({
    name: fn.name,
    trigger: 'eventHubTrigger',
    running: true,
  }));
  const unsupported = plan.unsupported.map(({ fn, triggerType }) => ({
    name: fn.name,
    trigger: triggerType,
    running: false,
  }));
  return [...http, ...eventGrid, ...timers, ...serviceBus, ...eventHubs, ...unsupported].sort((a, b) =>
    a.name.localeCompare(b.name),
  );
}

/** The start-up listing `func start` prints: functions with their URLs, then the keys. */
export function describeStart(options: {
  functions: FunctionSummary[];
  keys: HostKeys;
  enforceKeys: boolean;
  ms: number;
}): string {
  const { functions, keys, enforceKeys, ms } = options;
  const lines = [`Host started (${ms}ms)`, '', 'Functions:', ''];
  for (const fn of functions) {
    const detail = fn.url ? `${fn.methods ? `[${fn.methods.join(',')}] ` : ''}${fn.url}` : fn.trigger;
    lines.push(`\t${fn.name}: ${detail}${fn.running ? '' : ' (not run by this host)'}`);
  }
  lines.push('');
  if (!enforceKeys) {
    lines.push('Keys are not checked: every request is accepted without one, as with func start.');
    return lines.join('\n');
  }
  lines.push('Keys (header x-functions-key, or ?code=):');
  lines.push(`\tmaster (_master): ${keys.master}`);
  lines.push(`\thost (default): ${keys.host}`);
  lines.push(`\tsystem (eventgrid_extension): ${keys.eventGrid}`);
  for (const [name, key] of Object.entries(keys.functions))
    lines.push(`\tfunction ${name} (default): ${key}`);
  return lines.join('\n');
}

/** The host id the status API reports: the app folder's name, as the host derives it from the site name. */
export function hostId(appDir: string): string {
  return (
    path
      .basename(appDir)
      .toLowerCase()
      .replace(/[^a-z0-9-]/g, '')
      .slice(0, 32) || 'local-host'
  );
}
