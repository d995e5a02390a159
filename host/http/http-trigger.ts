import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RegisteredFunction } from '../core/app-registry.js';
import type { RpcTypedData } from '../core/functions-core-types.js';
import { httpOutputOf, triggerOf } from '../function-bindings.js';
import type { FunctionExecutor } from '../invocation/function-executor.js';
import { firstHeader, sendEmpty } from './http-messages.js';
import { readRequestBody } from './read-request-body.js';
import { httpTriggerMetadata, toRpcHttp } from './to-rpc-http.js';
import { writeHttpResponse } from './write-http-response.js';

// The reason the host gives for every HTTP invocation.
const httpReason = 'This function was programmatically called via the host APIs.';

/**
 * Runs an HTTP function for an authorized request and writes its response. A function that fails (throws, times
 * out) gets a 500 with an empty body: nothing of the error reaches the caller, as on Azure.
 */
export async function runHttpFunction(options: {
  fn: RegisteredFunction;
  executor: FunctionExecutor;
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  params: Record<string, string>;
}): Promise<void> {
  const { fn, executor, req, res, url, params } = options;
  const body = await readRequestBody(req);
  if (body.kind === 'tooLarge') {
    sendEmpty(res, 413, { connection: 'close' });
    return;
  }
  if (body.kind === 'aborted') return;

  const http = toRpcHttp({ req, url, params, body: body.bytes });
  const outcome = await executor.execute(fn, {
    inputData: [{ name: triggerOf(fn)!.name, data: { http } }],
    triggerMetadata: httpTriggerMetadata(http, params),
    reason: httpReason,
    traceParent: firstHeader(req, 'traceparent'),
    traceState: firstHeader(req, 'tracestate'),
  });
  if (!outcome.succeeded) {
    sendEmpty(res, 500);
    return;
  }
  writeHttpResponse(res, httpOutput(fn, outcome.response));
}

function httpOutput(
  fn: RegisteredFunction,
  response: {
    returnValue?: RpcTypedData | null;
    outputData?: { name?: string | null; data?: RpcTypedData | null }[] | null;
  },
): RpcTypedData | null | undefined {
  const output = httpOutputOf(fn);
  if (!output) return undefined;
  if (output.name === '$return') return response.returnValue;
  return response.outputData?.find((binding) => binding.name === output.name)?.data;
}
