import { randomBytes, timingSafeEqual } from 'node:crypto';

/** `authLevel` of an HTTP function; `system` guards extension webhooks such as Event Grid's. */
export type AuthLevel = 'anonymous' | 'function' | 'admin' | 'system';

/** The keys of a running host, generated at start unless given, and printed so they can be used. */
export interface HostKeys {
  /** `_master`: every function, webhook and admin API. */
  master: string;
  /** The host key `default`: every function whose authLevel is `function`. */
  host: string;
  /** The system key `eventgrid_extension`: the Event Grid webhook. */
  eventGrid: string;
  /** The function key `default` of each HTTP function whose authLevel is `function`. */
  functions: Record<string, string>;
}

export function createHostKeys(functionNames: string[], given: Partial<HostKeys> = {}): HostKeys {
  const functions: Record<string, string> = {};
  for (const name of functionNames) functions[name] = given.functions?.[name] ?? newKey();
  return {
    master: given.master ?? newKey(),
    host: given.host ?? newKey(),
    eventGrid: given.eventGrid ?? newKey(),
    functions,
  };
}

/** The key a request carries: the `x-functions-key` header, else the `code` query parameter, as the host reads it. */
export function presentedKey(headerValue: string | undefined, query: URLSearchParams): string | undefined {
  return headerValue || query.get('code') || undefined;
}

/** Whether a key grants the level a function or webhook requires; `subject` is the function's name for `function`. */
export function isAuthorized(
  keys: HostKeys,
  required: AuthLevel,
  key: string | undefined,
  subject?: string,
): boolean {
  if (required === 'anonymous') return true;
  if (key === undefined) return false;
  const accepted: (string | undefined)[] = [keys.master];
  if (required === 'function')
    accepted.push(keys.host, subject === undefined ? undefined : keys.functions[subject]);
  if (required === 'system') accepted.push(keys.eventGrid);
  return accepted.some((candidate) => candidate !== undefined && sameKey(candidate, key));
}

// Real keys are 56 URL-safe characters; so are these.
function newKey(): string {
  return randomBytes(42).toString('base64url');
}

function sameKey(expected: string, actual: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(actual);
  return a.length === b.length && timingSafeEqual(a, b);
}
