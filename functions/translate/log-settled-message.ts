import type { InvocationContext } from '@azure/functions';
import type { SettledMessage } from '../../shared/application/messaging/park-if-dead-lettered.js';

/**
 * One log line per message or event, naming it (`message <MessageId>`, `event <id>`) so an operator can follow one
 * order through the logs: its outcome, or, as a warning, why it was parked.
 */
export function logSettledMessage(
  context: InvocationContext,
  settled: SettledMessage<string>,
  about: string,
): void {
  if (settled.disposition === 'complete') context.log(`Outcome: ${settled.outcome} (${about})`);
  else context.warn(`Parked as invalid (${settled.reason}): ${settled.description} (${about})`);
}
