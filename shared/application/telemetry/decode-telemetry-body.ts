/**
 * Event bodies reach the trigger as parsed JSON, as text or as bytes, depending on how the producer sent them and
 * how the trigger is bound; this turns each into a value to validate, or reports why it cannot.
 */
export function decodeTelemetryBody(
  body: unknown,
): { ok: true; value: unknown } | { ok: false; reason: string } {
  if (body instanceof Uint8Array) return parseJson(new TextDecoder().decode(body));
  if (typeof body === 'string') return parseJson(body);
  return { ok: true, value: body };
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, reason: 'The body is not JSON.' };
  }
}
