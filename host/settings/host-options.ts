import { isLogLevel, type LogLevel } from '../host-log.js';
import type { HostConfig } from './host-config.js';

/** The host-wide options of host.json this host honours, read once at start. */
export interface HostOptions {
  /** `extensions.http.routePrefix`, default "api"; "" serves functions at the root. */
  routePrefix: string;
  /** `functionTimeout`, default 30 minutes as on a dedicated plan; undefined when "-1" (unbounded). */
  functionTimeoutMs: number | undefined;
  /** `logging.logLevel.default`, default Information. */
  minimumLogLevel: LogLevel | 'none';
}

const defaultFunctionTimeoutMs = 30 * 60_000;
const minimumFunctionTimeoutMs = 1000;

export function readHostOptions(config: HostConfig): HostOptions {
  return {
    routePrefix: config.string('extensions.http.routePrefix', 'api').replace(/^\/+|\/+$/g, ''),
    functionTimeoutMs: readFunctionTimeout(config),
    minimumLogLevel: readLogLevel(config),
  };
}

function readFunctionTimeout(config: HostConfig): number | undefined {
  const timeoutMs = config.timeSpan('functionTimeout', defaultFunctionTimeoutMs);
  if (timeoutMs === -86_400_000) return undefined;
  if (timeoutMs < minimumFunctionTimeoutMs) {
    config.problems.push('host.json "functionTimeout" must be at least 00:00:01, or -1 for no limit');
    return defaultFunctionTimeoutMs;
  }
  return timeoutMs;
}

function readLogLevel(config: HostConfig): LogLevel | 'none' {
  const text = config.string('logging.logLevel.default', 'Information').toLowerCase();
  if (text === 'none' || isLogLevel(text)) return text;
  config.problems.push(
    `host.json "logging.logLevel.default" must be a log level (Trace … Critical, None), not "${text}"`,
  );
  return 'information';
}
