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
import { loadApp } from './loading/load-app.js';
import { terminateApp } from './loading/terminate-app.js';
import { readHostSettings } from './settings/host-settings.js';
import { describeStart, type FunctionSummary, hostId, summarizeFunctions } from './start-summary.js';
import { exposeToProcessEnv } from './settings/process-environment.js';
import { EventGridWebhook } from './triggers/event-grid/event-grid-webhook.js';
import { probeEntity } from './triggers/service-bus/probe-entity.js';
import { QueueListener } from './triggers/service-bus/queue-listener.js';
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
export type { FunctionSummary } from './start-summary.js';
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

export interface RunningHost {
  /** `http://127.0.0.1:<port>` */
  url: string;
  keys: HostKeys;
  functions: FunctionSummary[];
  /** Time to load the app's entry points and run its appStart hooks, in ms. */
  appLoadMs: number;
  /** Stops the listener and timers (waiting for running timer invocations), runs appTerminate hooks. Idempotent. */
  close(): Promise<void>;
}

const defaultPort = 7071;

/**
 * Starts the local Functions host for a v4 Node app, doing what `func start` does: loads the app through
 * `@azure/functions-core`, checks its configuration (every problem in one `HostStartError`), and serves its
 * HTTP, Event Grid, timer, Service Bus and Event Hubs triggers.
 */
export async function startHost(options: StartHostOptions): Promise<RunningHost> {
  const started = performance.now();
  const appDir = path.resolve(options.appDir);
  const clock = options.clock ?? systemClock;

  const {
    localValues,
    settings,
    config,
    hostOptions,
    hostRetryPolicy,
    serviceBusOptions,
    eventHubsOptions,
    localHttpPort,
  } = await readHostSettings({ appDir, settings: options.settings, hostJson: options.hostJson });
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
    // The Event Hubs SDKs are loaded only for apps that have Event Hubs triggers: they cost a start-up otherwise.
    const eventHubs = plan.eventHubs.length > 0 ? await loadEventHubsTrigger() : undefined;
    const entityProblems = (
      await Promise.all([
        ...plan.serviceBus.map(async (binding) => [await probeEntity(binding)]),
        ...plan.eventHubs.map((binding) => eventHubs!.probeEventHub(binding, settings)),
      ])
    )
      .flat()
      .filter((problem) => problem !== undefined);
    if (entityProblems.length > 0) throw new HostStartError(entityProblems);

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
      port: options.port ?? localHttpPort ?? defaultPort,
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

    const eventHubListeners = plan.eventHubs.map(
      (binding) =>
        new eventHubs!.EventHubListener({
          binding,
          options: eventHubsOptions,
          executor,
          logger,
          clock,
          settings,
        }),
    );
    undo.push(() => Promise.all(eventHubListeners.map((listener) => listener.stop())).then(() => undefined));
    await Promise.all(eventHubListeners.map((listener) => listener.start()));

    const functions = summarizeFunctions(plan, routes, listener.url);
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
      appLoadMs: app.loadMs,
      close: () => (closing ??= shutDown()),
    };
  } catch (error) {
    await shutDown();
    throw error;
  }
}

async function loadEventHubsTrigger(): Promise<{
  EventHubListener: typeof import('./triggers/event-hubs/event-hub-listener.js').EventHubListener;
  probeEventHub: typeof import('./triggers/event-hubs/probe-event-hub.js').probeEventHub;
}> {
  const [{ EventHubListener }, { probeEventHub }] = await Promise.all([
    import('./triggers/event-hubs/event-hub-listener.js'),
    import('./triggers/event-hubs/probe-event-hub.js'),
  ]);
  return { EventHubListener, probeEventHub };
}
