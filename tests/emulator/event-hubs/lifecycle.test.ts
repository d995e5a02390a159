import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runToExit } from '../run-to-exit.js';

describe('Event Hubs emulator lifecycle', () => {
  it('lets its process end on its own when close() follows the SDK clients closing', async () => {
    const { code, signal, output } = await runToExit(
      new URL('./support/close-then-exit.js', import.meta.url),
      20_000,
    );

    assert.match(output, /closed/, output);
    assert.deepEqual(
      { code, signal },
      { code: 0, signal: null },
      'a timer, socket, file or server outlived close()',
    );
  });
});
