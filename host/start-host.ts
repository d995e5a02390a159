import path from 'node:path';
import { type Clock, systemClock } from './clock.js';
import { hostVersion } from './core/core-module.js';
import { planFunctions } from './function-plan.js';
import { HostStartError } from './host-start-error.js';
import { consoleLog, type HostLog, Logger } from './host-log.js';
import { createHostKeys, type HostKeys } from './http/function-keys.js';
import { startHttpListener } from './http/http-listener.js';
import { RouteTable } from './http/route-table.js';
import { FunctionExecutor } from './invocation/function-executor.js';
import { retryPolicyFromHostConfig } from './invocation/retry-policy.js';
import { loadApp } from './loading/load-app.js';
import { terminateApp } from './loading/terminate-app.js';
import { AppSettings } from './settings/app-settings.js';
import { HostConfig } from './settings/host-config.js';
import { readHostOptions } from './settings/host-options.js';
import { readLocalSettings } from './settings/local-settings.js';
import { exposeToProcessEnv } from './settings/process-environment.js';
import { EventGridWebhook, eventGridWebhookPath } from './triggers/event-grid/event-grid-webhook.js';
import { probeEntity } from './triggers/service-bus/probe-entity.js';
import { QueueListener } from './triggers/service-bus/queue-listener.js';
import { readServiceBusOptions } from './triggers/service-bus/service-bus-options.js';
import { SessionListener } from './triggers/service-bus/session-listener.js';
import {
  InMemoryScheduleStatusStore,
  type ScheduleStatusStore,
} from './triggers/timer/schedule-status-store.js';
import { TimerListener } from './triggers/timer/timer-listener.js';

export type { HostKeys } from './http/function-keys.js';
export type { HostLog, LogRecord } from './host-log.js';
export { HostStartError } from './host-start-error.js';
export type { Clock } from './clock.js';
export type { ScheduleStatus, ScheduleStatusStore } from './triggers/timer/schedule-status-store.js';

export interface StartHostOptions {
  /** The app folder: package.json (whose `main` names the entry points), host.json, local.settings.json. */
  appDir: string;
  /** HTTP port on 127.0.0.1. Default: local.settings.json `Host.LocalHttpPort`, else 7071. 0 picks a free port. */
  port?: number;
  /** App settings that win over the environment and local.settings.json (emulator connection strings, …). */
  settings?: Record<string, string>;
  /** host.json content to use instead of the app folder's file. */
  hostJson?: object;
  /** Time for schedules, retries and timeouts. Default: the system clock. */
  clock?: Clock;
  /** Where log records go. Default: one line each on stdout, as `func start` prints them. */
  log?: HostLog;
  /**
   * Default true: functions with authLevel function/admin, the admin API and the Event Grid webhook need a key, as
   * on Azure. False accepts every request without one, which is what `func start` does.
   */
  enforceKeys?: boolean;
  /** Keys to use instead of new random ones, so a restarted host keeps its URLs. */
  keys?: Partial<HostKeys>;
  /** Where timer schedule statuses live; one that outlives the host makes missed occurrences run as past due. */
  scheduleStatusStore?: ScheduleStatusStore;
}

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

export interface RunningHost {
  /** `http://127.0.0.1:<port>` */
  url: string;
  keys: HostKeys;
  functions: FunctionSummary[];
  /** Stops the listener and timers (waiting for running timer invocations), runs appTerminate hooks. Idempotent. */
  close(): Promise<void>;
}

const defaultPort = 7071;

/**
 * Starts the local Functions host for a v4 Node app, doing what `func start` does: loads the app through
 * `@azure/functions-core`, checks its configuration (every problem in one `HostStartError`), and serves its
 * HTTP, Event Grid, timer and Service Bus triggers.
 */
export async function startHost(options: StartHostOptions): Promise<RunningHost> {
  const started = performance.now();
  const appDir = path.resolve(options.appDir);
  const clock = options.clock ?? systemClock;

  let localSettings;
  try {
    localSettings = await readLocalSettings(appDir);
  } catch (error) {
    throw new HostStartError([(error as Error).message], { cause: error });
  }
  const connectionStrings = Object.fromEntries(
    Object.entries(localSettings.connectionStrings).map(([name, value]) => [
      `ConnectionStrings__${name}`,
      value,
    ]),
  );
  const localValues = { AZURE_FUNCTIONS_ENVIRONMENT: 'Development', ...localSettings.values };
  const settings = new AppSettings([connectionStrings, localValues, process.env, options.settings ?? {}]);
  const config = await HostConfig.load({
    appDir,
    settings,
    ...(options.hostJson && { hostJson: options.hostJson }),
  });
  const hostOptions = readHostOptions(config);
  const hostRetryPolicy = retryPolicyFromHostConfig(config);
  const serviceBusOptions = readServiceBusOptions(config);
  const logger = new Logger({
    sink: options.log ?? consoleLog,
    now: () => clock.now(),
    minimumLevel: hostOptions.minimumLogLevel,
  });

  // What has been started, undone in reverse order on close or when start-up fails half way.
  const undo: (() => void | Promise<void>)[] = [];
  const shutDown = async (): Promise<void> => {
    for (const step of [...undo].reverse()) await step();
  };

  try {
    undo.push(exposeToProcessEnv({ localValues, overrides: options.settings ?? {} }));
    const app = await loadApp({ appDir, logger });
    undo.push(() => terminateApp(app, logger));

    const plan = planFunctions({
      functions: app.registry.functions.values(),
      settings,
      hostRetryPolicy,
      now: clock.now(),
    });
    const { table: routes, problems: routeProblems } = RouteTable.build(plan.http, hostOptions.routePrefix);
    const problems = [...config.problems, ...plan.problems, ...routeProblems];
    if (problems.length > 0) throw new HostStartError(problems);
    const entityProblems = await Promise.all(plan.serviceBus.map(probeEntity));
    if (entityProblems.some(Boolean))
      throw new HostStartError(entityProblems.filter((problem) => problem !== undefined));

    const functionLevel = plan.http.filter((route) => route.authLevel === 'function');
    const keys = createHostKeys(
      functionLevel.map((route) => route.functionName),
      options.keys,
    );
    const enforceKeys = options.enforceKeys ?? true;
    const executor = new FunctionExecutor({
      app,
      logger,
      clock,
      functionTimeoutMs: hostOptions.functionTimeoutMs,
    });
    const listener = await startHttpListener({
      port: options.port ?? localSettings.localHttpPort ?? defaultPort,
      routes,
      functions: new Map([...app.registry.functions.values()].map((fn) => [fn.name, fn])),
      executor,
      keys,
      enforceKeys,
      eventGrid: new EventGridWebhook({ functions: plan.eventGrid, executor, now: () => clock.now() }),
      status: () => ({
        id: hostId(appDir),
        state: 'Running',
        version: hostVersion,
        processUptime: Math.round(process.uptime() * 1000),
      }),
      logger,
    });
    undo.push(() => listener.close());

    const store = options.scheduleStatusStore ?? new InMemoryScheduleStatusStore();
    const timers = plan.timers.map(
      (timer) => new TimerListener({ ...timer, executor, store, clock, logger }),
    );
    undo.push(() => Promise.all(timers.map((timer) => timer.stop())).then(() => undefined));
    await Promise.all(timers.map((timer) => timer.start()));

    const serviceBusListeners = plan.serviceBus.map((binding) => {
      const listenerOptions = { binding, options: serviceBusOptions, executor, logger, clock };
      return binding.isSessionsEnabled
        ? new SessionListener(listenerOptions)
        : new QueueListener(listenerOptions);
    });
    undo.push(() =>
      Promise.all(serviceBusListeners.map((listener) => listener.stop())).then(() => undefined),
    );
    for (const listener of serviceBusListeners) listener.start();

    const functions = summarize(plan, routes, listener.url);
    for (const { fn, triggerType } of plan.unsupported) {
      logger.host(
        'warning',
        `Function '${fn.name}' (${triggerType}) will not run: this host does not support ${triggerType}.`,
      );
    }
    logger.host(
      'information',
      describeStart({ functions, keys, enforceKeys, ms: Math.round(performance.now() - started) }),
    );

    let closing: Promise<void> | undefined;
    return {
      url: listener.url,
      keys,
      functions,
      close: () => (closing ??= shutDown()),
    };
  } catch (error) {
    await shutDown();
    throw error;
  }
}

function summarize(
  plan: ReturnType<typeof planFunctions>,
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
  const unsupported = plan.unsupported.map(({ fn, triggerType }) => ({
    name: fn.name,
    trigger: triggerType,
    running: false,
  }));
  return [...http, ...eventGrid, ...timers, ...serviceBus, ...unsupported].sort((a, b) =>
    a.name.localeCompare(b.name),
  );
}

function describeStart(options: {
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
function hostId(appDir: string): string {
  return (
    path
      .basename(appDir)
      .toLowerCase()
      .replace(/[^a-z0-9-]/g, '')
      .slice(0, 32) || 'local-host'
  );
}
