/**
 * Makes any string usable as a PartitionKey or RowKey. Table Storage forbids `/ \ # ?` and control characters in
 * keys; ids the app makes never contain them, but an event id from another publisher might. `%` is escaped too, so
 * the mapping stays one to one.
 */
export function tableKey(value: string): string {
  return value.replace(
    // eslint-disable-next-line no-control-regex -- control characters are exactly what must be escaped
    /[%/\\#?\u0000-\u001f\u007f-\u009f]/g,
    (char) => `%${char.charCodeAt(0).toString(16).padStart(2, '0').toUpperCase()}`,
  );
}

/** The range of RowKeys that start with `prefix`, for a range query. */
export function prefixRange(prefix: string): { readonly from: string; readonly to: string } {
  const last = prefix.charCodeAt(prefix.length - 1);
  return { from: prefix, to: `${prefix.slice(0, -1)}${String.fromCharCode(last + 1)}` };
}
