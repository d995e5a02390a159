import { randomFillSync } from 'node:crypto';
import type { RpcTraceContext } from '../core/functions-core-types.js';

const traceParentPattern = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/**
 * The trace context the host sends with an invocation: the invocation is a new span, the child of the caller's
 * span when the trigger carried a W3C `traceparent` (HTTP header, Service Bus `Diagnostic-Id`, an event's
 * `traceparent`), else the root of a new trace.
 */
export function invocationTraceContext(
  functionName: string,
  caller?: { traceParent?: string | undefined; traceState?: string | undefined },
): RpcTraceContext {
  const parent = traceParentPattern.exec(caller?.traceParent?.trim().toLowerCase() ?? '');
  const valid = parent && parent[1] !== 'ff' && !/^0+$/.test(parent[2]!) && !/^0+$/.test(parent[3]!);
  const spanId = randomHex(8);
  const traceId = valid ? parent[2]! : randomHex(16);
  const flags = valid ? parent[4]! : '00';
  return {
    traceParent: `00-${traceId}-${spanId}-${flags}`,
    traceState: valid ? (caller?.traceState ?? '') : '',
    attributes: { OperationName: functionName },
  };
}

// Ids come from a pool of random bytes refilled 4 KB at a time: one system call per ~170 invocations instead of one
// each, which shows on the HTTP path.
const pool = Buffer.alloc(4096);
let used = pool.length;

function randomHex(bytes: number): string {
  if (used + bytes > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  used += bytes;
  return pool.toString('hex', used - bytes, used);
}
