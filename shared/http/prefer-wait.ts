/**
 * The seconds a `Prefer: wait=N` (RFC 7240) asks for, capped at `maxSeconds`. Undefined when absent or not a
 * number: a preference the server does not understand is ignored, never an error.
 */
export function preferredWaitSeconds(header: string | null, maxSeconds: number): number | undefined {
  if (header === null) return undefined;
  for (const preference of header.split(',')) {
    const match = /^\s*wait\s*=\s*"?(\d{1,9})"?\s*(?:;|$)/i.exec(preference);
    if (match?.[1] !== undefined) return Math.min(Number(match[1]), maxSeconds);
  }
  return undefined;
}
