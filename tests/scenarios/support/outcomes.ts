import type { LogCollector } from './log-collector.js';

/**
 * Waits for a function to log what became of one message or event (`Outcome: ...` or `Parked as invalid ...`,
 * ending with `(message <id>)` or `(event <id>)`), and returns that line.
 */
export async function outcomeOf(
  logs: LogCollector,
  functionName: string,
  about: string,
  matches: (line: string) => boolean = () => true,
): Promise<string> {
  const record = await logs.waitFor(
    (candidate) =>
      candidate.category === `Function.${functionName}.User` &&
      candidate.message.endsWith(`(${about})`) &&
      matches(candidate.message),
  );
  return record.message;
}
