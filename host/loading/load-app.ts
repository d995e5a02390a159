import { AppRegistry } from '../core/app-registry.js';
import {
  type AppScope,
  currentProgrammingModel,
  installCoreModule,
  markAppLive,
  runInAppScope,
} from '../core/core-module.js';
import type {
  AppStartContext,
  ProgrammingModel,
  RpcLogCategory,
  RpcLogLevel,
  WorkerCapabilities,
} from '../core/functions-core-types.js';
import { appHookContext } from '../core/hook-contexts.js';
import { applyLogHooks } from '../core/log-hooks.js';
import { HostStartError } from '../host-start-error.js';
import { toError } from '../to-error.js';
import type { Logger } from '../host-log.js';
import { findEntryPoints } from './find-entry-points.js';
import { loadEntryPoint } from './load-entry-point.js';
import { readAppPackageJson } from './package-json.js';

/** An app that has loaded, run its appStart hooks and closed registration. */
export interface LoadedApp {
  readonly directory: string;
  readonly registry: AppRegistry;
  readonly scope: AppScope;
  /** Undefined only for an app that registered no function. */
  readonly programmingModel: ProgrammingModel | undefined;
  /** How long loading the entry points and running appStart took: the app's share of a cold start. */
  readonly loadMs: number;
}

// What the worker tells the host it supports (`src/eventHandlers/getWorkerCapabilities.ts`); the request shapes
// this host builds follow from them (body always bytes, nullable header/query/param maps, typed collections).
const workerCapabilities: WorkerCapabilities = {
  RawHttpBodyBytes: 'true',
  RpcHttpTriggerMetadataRemoved: 'true',
  RpcHttpBodyOnly: 'true',
  IgnoreEmptyValuedRpcHttpHeaders: 'true',
  UseNullableValueDictionaryForHttp: 'true',
  WorkerStatus: 'true',
  TypedDataCollection: 'true',
  HandlesWorkerTerminateMessage: 'true',
};

/**
 * Starts an app the way the worker does (`src/startApp.ts`, `WorkerInitHandler`, `FunctionsMetadataHandler`):
 * provide the core module, load every entry point of package.json `main`, run the appStart hooks, ask the
 * programming model for its capabilities (which locks `app.setup()`), then close registration.
 */
export async function loadApp(options: { appDir: string; logger: Logger }): Promise<LoadedApp> {
  const { appDir, logger } = options;
  const started = performance.now();
  installCoreModule();
  const registry = new AppRegistry();
  const scope: AppScope = {
    registry,
    log: (level, category, message) => writeWorkerLog(logger, registry, level, category, message),
  };

  await runInAppScope(scope, async () => {
    await loadEntryPoints(appDir, registry);
    await runAppStartHooks(appDir, registry);
  });
  const loadMs = performance.now() - started;

  const programmingModel = currentProgrammingModel();
  if (!programmingModel && registry.functions.size > 0) {
    throw new HostStartError([
      'the app registered functions but set no programming model; register them with @azure/functions v4',
    ]);
  }
  const capabilities = await runInAppScope(scope, async () =>
    programmingModel?.getCapabilities
      ? programmingModel.getCapabilities({ ...workerCapabilities })
      : workerCapabilities,
  );
  if (capabilities.HttpUri) {
    // The library's streaming proxy listens on every interface and this host forwards no raw requests to it.
    throw new HostStartError(['app.setup({ enableHttpStream: true }) is not supported by this host']);
  }
  registry.lock();
  markAppLive(scope);
  if (registry.functions.size === 0) logger.host('warning', 'No job functions found.');
  return { directory: appDir, registry, scope, programmingModel, loadMs };
}

async function loadEntryPoints(appDir: string, registry: AppRegistry): Promise<void> {
  let packageJson;
  try {
    packageJson = await readAppPackageJson(appDir);
  } catch (error) {
    throw new HostStartError([(error as Error).message], { cause: error });
  }
  const main = packageJson.main;
  if (!main)
    throw new HostStartError([`package.json in ${appDir} has no "main" naming the app's entry point`]);

  let current = main;
  try {
    for (const file of await findEntryPoints(appDir, main)) {
      current = file;
      registry.currentEntryPoint = file;
      try {
        await loadEntryPoint(file, packageJson);
      } finally {
        registry.currentEntryPoint = undefined;
      }
    }
  } catch (error) {
    const { message } = toError(error);
    throw new HostStartError([`Worker was unable to load entry point "${current}": ${message}`], {
      cause: error,
    });
  }
}

async function runAppStartHooks(appDir: string, registry: AppRegistry): Promise<void> {
  const context: AppStartContext = Object.assign(appHookContext(registry), { functionAppDirectory: appDir });
  try {
    for (const hook of registry.hooks.appStart) await hook(context);
  } catch (error) {
    const { message } = toError(error);
    throw new HostStartError([`an appStart hook failed: ${message}`], { cause: error });
  }
}

function writeWorkerLog(
  logger: Logger,
  registry: AppRegistry,
  level: RpcLogLevel,
  category: RpcLogCategory,
  message: string,
): void {
  const hooked = applyLogHooks(registry, { level, category, message });
  if (hooked.level === 'none') return;
  logger.write({
    level: hooked.level,
    category: category === 'user' ? 'Worker.User' : 'Worker',
    message: hooked.message,
  });
}
