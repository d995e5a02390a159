import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';

describe('Event Hubs emulator lifecycle', () => {
  it('lets its process end on its own when close() follows the SDK clients closing', async () => {
    const script = fileURLToPath(new URL('./support/close-then-exit.js', import.meta.url));
    const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const deadline = setTimeout(() => child.kill('SIGKILL'), 20_000);

    const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
    clearTimeout(deadline);

    assert.match(output, /closed/, output);
    assert.deepEqual(
      { code, signal },
      { code: 0, signal: null },
      'a timer, socket, file or server outlived close()',
    );
  });
});
