import { AmqpError, condition } from '../../amqp/conditions.js';
import type { EventPosition } from '../event-position.js';

export const selectorFilterKey = 'apache.org:selector-filter:string';

/** The one grammar the SDKs write (`eventPosition.ts` `getEventPositionFilter`). */
const expression =
  /^\s*amqp\.annotation\.x-opt-(offset|sequence-number|enqueued-time)\s*(>=|>)\s*'([^']*)'\s*$/i;
const integer = /^-?\d+$/;

/**
 * Reads the event position from a receiver's source filter. Without a selector the reader starts at the oldest
 * event. Anything the SDKs cannot have written is an `com.microsoft:argument-error`.
 */
export function eventPositionOf(filter: Record<string, unknown> | null | undefined): EventPosition {
  const selector = filter?.[selectorFilterKey];
  if (selector === undefined || selector === null) return { kind: 'earliest' };
  // rhea hands a described value over as { descriptor, value } or as the bare value.
  const text = typeof selector === 'object' && 'value' in selector ? selector.value : selector;
  if (typeof text !== 'string')
    throw invalid(`The selector filter must be a string expression, got ${JSON.stringify(text)}.`);
  const match = expression.exec(text);
  if (!match) throw invalid(`The filter expression "${text}" is not a supported event position.`);
  const [, annotation, operator, value] = match as unknown as [string, string, string, string];
  const inclusive = operator === '>=';
  switch (annotation.toLowerCase()) {
    case 'offset':
      if (value === '-1') return { kind: 'earliest' };
      if (value === '@latest') return { kind: 'latest' };
      if (!/^\d+$/.test(value))
        throw invalid(`The supplied offset '${value}' is invalid. An offset is '-1', '@latest' or a number.`);
      return { kind: 'offset', offset: Number(value), inclusive };
    case 'sequence-number':
      if (!integer.test(value)) throw invalid(`The supplied sequence number '${value}' is invalid.`);
      return { kind: 'sequence-number', sequenceNumber: Number(value), inclusive };
    default:
      if (!integer.test(value))
        throw invalid(
          `The supplied enqueued time '${value}' is invalid: milliseconds since the epoch are expected.`,
        );
      return { kind: 'enqueued-time', enqueuedAt: Number(value) };
  }
}

function invalid(description: string): AmqpError {
  return new AmqpError({ condition: condition.argumentError, description });
}
