import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';

/** Forks a compiled script that reports `{ url, … }` over IPC once it serves; `stop()` ends it. */
export async function startChildServer<T extends { url: string }>(
  script: URL,
): Promise<T & { stop(): Promise<void>; child: ChildProcess }> {
  const child = fork(script, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const [message] = (await Promise.race([
    once(child, 'message'),
    once(child, 'exit').then(([code]) => {
      throw new Error(`${script.pathname} exited with code ${String(code)} before it was ready`);
    }),
  ])) as [T];
  return {
    ...message,
    child,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.disconnect();
      await exited;
    },
  };
}
