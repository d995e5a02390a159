/**
 * The few ASN.1 DER encodings an X.509 certificate needs (ITU-T X.690). Only what `local-certificate.ts` uses.
 */

function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest >>= 8) bytes.unshift(rest & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tagged(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), encodeLength(content.length), content]);
}

export const der = {
  sequence: (...items: Buffer[]): Buffer => tagged(0x30, Buffer.concat(items)),
  set: (...items: Buffer[]): Buffer => tagged(0x31, Buffer.concat(items)),
  /** A positive integer given as big-endian bytes; a leading zero keeps the sign bit clear. */
  unsignedInteger(bytes: Buffer): Buffer {
    const trimmed = bytes.subarray(bytes.findIndex((byte, i) => byte !== 0 || i === bytes.length - 1));
    return tagged(0x02, (trimmed[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed);
  },
  smallInteger: (value: number): Buffer => der.unsignedInteger(Buffer.from([value])),
  boolean: (value: boolean): Buffer => tagged(0x01, Buffer.from([value ? 0xff : 0])),
  bitString: (content: Buffer): Buffer => tagged(0x03, Buffer.concat([Buffer.from([0]), content])),
  octetString: (content: Buffer): Buffer => tagged(0x04, content),
  utf8String: (text: string): Buffer => tagged(0x0c, Buffer.from(text, 'utf8')),
  objectIdentifier(dotted: string): Buffer {
    const [first = 0, second = 0, ...rest] = dotted.split('.').map(Number);
    const bytes = [first * 40 + second];
    for (const arc of rest) {
      const groups: number[] = [];
      for (let value = arc; ; value = Math.floor(value / 128)) {
        groups.unshift((value % 128) | (groups.length ? 0x80 : 0));
        if (value < 128) break;
      }
      bytes.push(...groups);
    }
    return tagged(0x06, Buffer.from(bytes));
  },
  /** UTCTime (`YYMMDDhhmmssZ`), valid for the years 1950-2049 that a short-lived local certificate needs. */
  utcTime(date: Date): Buffer {
    const text = date.toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z';
    return tagged(0x17, Buffer.from(text, 'ascii'));
  },
  /** `[n] EXPLICIT`: a constructed context-specific tag around one encoded value. */
  explicit: (tagNumber: number, content: Buffer): Buffer => tagged(0xa0 | tagNumber, content),
  /** `[n] IMPLICIT` primitive, as GeneralName uses for dNSName [2] and iPAddress [7]. */
  implicitPrimitive: (tagNumber: number, content: Buffer): Buffer => tagged(0x80 | tagNumber, content),
};
