import { newtonsoftUtc } from '../../dotnet-time.js';

/**
 * JSON of AMQP values as the host's Newtonsoft serialiser writes the .NET objects the SDK made of them: timestamps
 * (UTC DateTimes) in its date format, binary (byte[]) in base64, longs as numbers.
 */
export function newtonsoftJson(value: unknown): string {
  return JSON.stringify(value, function (key, converted: unknown) {
    const original = (this as Record<string, unknown>)[key];
    if (original instanceof Date) return newtonsoftUtc(original.getTime());
    if (Buffer.isBuffer(original) || original instanceof Uint8Array)
      return Buffer.from(original).toString('base64');
    if (typeof original === 'bigint') return Number(original);
    if (original && typeof original === 'object' && 'toNumber' in original)
      return (original as { toNumber(): number }).toNumber();
    return converted;
  });
}

/** `DateTimeOffset.DateTime` of a UTC time as Newtonsoft writes it: an unspecified kind, so no zone. */
export function newtonsoftUnspecified(ms: number): string {
  return newtonsoftUtc(ms).replace(/Z$/, '');
}
