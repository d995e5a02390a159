import type { Destination } from '../definitions.js';

/** What one delivery attempt came back with. */
export type AttemptResult =
  | { kind: 'response'; status: number }
  /** No response within Event Grid's 30 s. */
  | { kind: 'timeout' }
  | { kind: 'connection-failed'; message: string };

export type AttemptVerdict =
  | { kind: 'delivered' }
  /** Retry, no sooner than the schedule says and no sooner than `minimumDelayMs` (set by the status). */
  | { kind: 'retry'; minimumDelayMs: number }
  /** A status that retrying cannot fix: dead-letter at once (or drop without a dead-letter destination). */
  | { kind: 'undeliverable' };

const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;

/** Azure's documented schedule: the wait after the 1st, 2nd, ... failed attempt; every 12 hours after the last. */
const retrySchedule = [
  10 * second,
  30 * second,
  minute,
  5 * minute,
  10 * minute,
  30 * minute,
  hour,
  3 * hour,
  6 * hour,
];
const laterRetries = 12 * hour;

/** The wait before the next attempt once `failedAttempts` attempts have failed (no jitter: tests stay exact). */
export function scheduledRetryDelay(failedAttempts: number): number {
  return retrySchedule[failedAttempts - 1] ?? laterRetries;
}

/** Statuses that are never retried, by endpoint kind (delivery-and-retry.md, "Retry schedule"). */
const notRetried: Record<Destination['endpointType'], ReadonlySet<number>> = {
  WebHook: new Set([400, 401, 403, 413]),
  AzureFunction: new Set([400, 403, 413]),
};

/** Statuses after which Event Grid waits longer than the schedule's first steps. */
const minimumDelayByStatus: ReadonlyMap<number, number> = new Map([
  [401, 5 * minute],
  [404, 5 * minute],
  [408, 2 * minute],
  [503, 30 * second],
]);

/** Success is 200-204 only; anything else is retried or, for the statuses above, given up at once. */
export function judgeAttempt(
  result: AttemptResult,
  endpointType: Destination['endpointType'],
): AttemptVerdict {
  if (result.kind !== 'response') return { kind: 'retry', minimumDelayMs: 10 * second };
  if (result.status >= 200 && result.status <= 204) return { kind: 'delivered' };
  if (notRetried[endpointType].has(result.status)) return { kind: 'undeliverable' };
  return { kind: 'retry', minimumDelayMs: minimumDelayByStatus.get(result.status) ?? 10 * second };
}

/** .NET HttpStatusCode names, which Event Grid reports as `lastDeliveryOutcome`. */
const statusNames: ReadonlyMap<number, string> = new Map([
  [300, 'MultipleChoices'],
  [301, 'MovedPermanently'],
  [302, 'Found'],
  [304, 'NotModified'],
  [307, 'TemporaryRedirect'],
  [308, 'PermanentRedirect'],
  [400, 'BadRequest'],
  [401, 'Unauthorized'],
  [403, 'Forbidden'],
  [404, 'NotFound'],
  [405, 'MethodNotAllowed'],
  [408, 'TimedOut'],
  [409, 'Conflict'],
  [410, 'Gone'],
  [413, 'RequestEntityTooLarge'],
  [415, 'UnsupportedMediaType'],
  [429, 'TooManyRequests'],
  [500, 'InternalServerError'],
  [501, 'NotImplemented'],
  [502, 'BadGateway'],
  [503, 'ServiceUnavailable'],
  [504, 'GatewayTimeout'],
]);

/** `lastDeliveryOutcome` of a dead-lettered event. */
export function deliveryOutcome(result: AttemptResult): string {
  if (result.kind === 'timeout') return 'TimedOut';
  if (result.kind === 'connection-failed') return 'GenericError';
  return statusNames.get(result.status) ?? 'GenericError';
}

/** `deadLetterReason` for a status that is not retried, e.g. `UndeliverableDueToHttpBadRequest`. */
export function undeliverableReason(status: number): string {
  return `UndeliverableDueToHttp${statusNames.get(status) ?? status}`;
}
