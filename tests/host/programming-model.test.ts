import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningHost } from '../../host/start-host.js';
import { fixtureEvents } from '../fixtures/host-apps/support/fixture-events.js';
import { startFixtureHost } from './support/fixture-host.js';
import { nextEvents } from './support/wait-for.js';

// The custom-model-app sets a programming model of its own for the whole process, so it has a test file of its own.

interface Step {
  step: string;
  detail?: Record<string, unknown>;
}

describe('the programming model contract', () => {
  let host: RunningHost;
  let capabilities: Promise<Step[]>;

  before(async () => {
    capabilities = nextEvents<Step>(fixtureEvents, 'model', 1, (event) => event.step === 'getCapabilities');
    ({ host } = await startFixtureHost('custom-model-app'));
  });

  after(() => host.close());

  const invoke = async (): Promise<{ steps: Step[]; response: Response }> => {
    const steps = nextEvents<Step>(fixtureEvents, 'model', 7);
    const response = await fetch(`${host.url}/api/recorded?a=1&a=2`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain', 'X-Mixed-Case': 'Value' },
      body: 'payload',
    });
    return { steps: await steps, response };
  };

  it("hands the model the worker's capabilities at start", async () => {
    const [{ detail }] = (await capabilities) as [Step];
    assert.deepEqual(detail, {
      RawHttpBodyBytes: 'true',
      RpcHttpTriggerMetadataRemoved: 'true',
      RpcHttpBodyOnly: 'true',
      IgnoreEmptyValuedRpcHttpHeaders: 'true',
      UseNullableValueDictionaryForHttp: 'true',
      WorkerStatus: 'true',
      TypedDataCollection: 'true',
      HandlesWorkerTerminateMessage: 'true',
    });
  });

  it("invokes in the worker's order: arguments, preInvocation hooks, function, postInvocation hooks, response", async () => {
    const { steps, response } = await invoke();
    assert.deepEqual(
      steps.map(({ step }) => step),
      [
        'getInvocationModel',
        'getArguments',
        'preInvocation',
        'invokeFunction',
        'handler',
        'postInvocation',
        'getResponse',
      ],
    );
    assert.deepEqual(steps.find(({ step }) => step === 'invokeFunction')?.detail, { state: 'invocation' });
    assert.deepEqual(steps.find(({ step }) => step === 'getResponse')?.detail, {
      result: { handled: 'original input' },
    });
    assert.deepEqual(await response.json(), { handled: 'original input' });
  });

  it('sends the request as the host does: body as bytes, nullable maps, lower-cased header names', async () => {
    const { steps } = await invoke();
    const { request, metadata } = steps[0]!.detail as {
      request: {
        invocationId: string;
        functionId: string;
        inputData: { name: string; data: { http: Record<string, unknown> } }[];
      };
      metadata: { name: string; rawBindings: string[] };
    };
    const [input] = request.inputData;
    assert.equal(input!.name, 'request');
    const http = input!.data.http as {
      method: string;
      url: string;
      body: { bytes: Uint8Array };
      nullableHeaders: Record<string, { value: string }>;
      nullableQuery: Record<string, { value: string }>;
      nullableParams: Record<string, { value: string }>;
    };
    assert.equal(http.method, 'POST');
    assert.equal(http.url, `${host.url}/api/recorded?a=1&a=2`);
    assert.equal(Buffer.from(http.body.bytes).toString(), 'payload');
    assert.deepEqual(http.nullableHeaders['x-mixed-case'], { value: 'Value' });
    assert.deepEqual(http.nullableQuery, { a: { value: '1,2' } });
    assert.deepEqual(http.nullableParams, {});
    assert.equal(request.functionId, 'recorded');
    assert.deepEqual(
      metadata.rawBindings.map((raw) => (JSON.parse(raw) as { name: string }).name),
      ['request', '$return'],
    );
  });

  it('refuses to start an app that turns on HTTP streaming', async () => {
    await assert.rejects(
      startFixtureHost('custom-model-app', { settings: { HOST_FIXTURE_HTTP_STREAM: 'yes' } }),
      {
        name: 'HostStartError',
        message: /app\.setup\(\{ enableHttpStream: true \}\) is not supported by this host/,
      },
    );
    assert.equal(process.env.HOST_FIXTURE_HTTP_STREAM, undefined);
  });
});
