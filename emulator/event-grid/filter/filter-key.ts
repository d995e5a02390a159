export type KeyLookup = { found: false } | { found: true; value: unknown };

/**
 * Reads an advanced-filter key (`subject`, `eventType`, `data.order.total`, a CloudEvents extension...) from an
 * event. Each segment matches a property name case-insensitively, an exact match winning, so `Data.Key1` and
 * `data.key1` name the same field as on Azure.
 */
export function lookUpFilterKey(event: Readonly<Record<string, unknown>>, key: string): KeyLookup {
  let current: unknown = event;
  for (const segment of key.split('.')) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return { found: false };
    const record = current as Record<string, unknown>;
    const name =
      segment in record
        ? segment
        : Object.keys(record).find((k) => k.toLowerCase() === segment.toLowerCase());
    if (name === undefined) return { found: false };
    current = record[name];
  }
  return current === undefined ? { found: false } : { found: true, value: current };
}
