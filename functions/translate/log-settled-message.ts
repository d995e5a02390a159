import type { InvocationContext } from '@azure/functions';
import type { SettledMessage } from '../../shared/application/messaging/park-if-dead-lettered.js';

/** One log line per message: its outcome, or, as a warning, why it was parked. */
export function logSettledMessage(context: InvocationContext, settled: SettledMessage<string>): void {
  if (settled.disposition === 'complete') context.log(`Outcome: ${settled.outcome}`);
  else context.warn(`Parked as invalid (${settled.reason}): ${settled.description}`);
}
