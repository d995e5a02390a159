/**
 * The partition a partition key lands in, computed as Azure Event Hubs computes it, so that a key picks the same
 * partition number here as on Azure.
 *
 * Ported from `@azure/event-hubs` (MIT, Copyright (c) Microsoft Corporation),
 * `sdk/eventhub/event-hubs/src/impl/partitionKeyToIdMapper.ts`: Bob Jenkins' lookup3 `hashlittle2` over the key's
 * UTF-8 bytes, the two 32-bit results folded into a signed 16-bit value, modulo the partition count.
 */
export function partitionForKey(partitionKey: string, partitionCount: number): number {
  const { b, c } = lookup3(Buffer.from(partitionKey, 'utf8'));
  // Reinterpret the low 16 bits as a signed short, as the service does.
  const folded = ((c ^ b) << 16) >> 16;
  return Math.abs(folded % partitionCount);
}

const rotate = (value: number, bits: number): number => (value << bits) | (value >>> (32 - bits));

function lookup3(data: Buffer): { b: number; c: number } {
  let a = (0xdeadbeef + data.length) | 0;
  let b = a;
  let c = a;
  let index = 0;
  let size = data.length;
  while (size > 12) {
    a = (a + data.readUInt32LE(index)) | 0;
    b = (b + data.readUInt32LE(index + 4)) | 0;
    c = (c + data.readUInt32LE(index + 8)) | 0;
    // mix(a, b, c)
    a = (a - c) | 0;
    a ^= rotate(c, 4);
    c = (c + b) | 0;
    b = (b - a) | 0;
    b ^= rotate(a, 6);
    a = (a + c) | 0;
    c = (c - b) | 0;
    c ^= rotate(b, 8);
    b = (b + a) | 0;
    a = (a - c) | 0;
    a ^= rotate(c, 16);
    c = (c + b) | 0;
    b = (b - a) | 0;
    b ^= rotate(a, 19);
    a = (a + c) | 0;
    c = (c - b) | 0;
    c ^= rotate(b, 4);
    b = (b + a) | 0;
    index += 12;
    size -= 12;
  }
  if (size === 0) return { b: b >>> 0, c: c >>> 0 };
  // The tail: up to 12 bytes, little-endian, missing bytes counting as zero.
  const byte = (offset: number): number => (offset < size ? data[index + offset]! : 0);
  const word = (offset: number): number =>
    byte(offset) | (byte(offset + 1) << 8) | (byte(offset + 2) << 16) | (byte(offset + 3) << 24);
  a = (a + word(0)) | 0;
  if (size > 4) b = (b + word(4)) | 0;
  if (size > 8) c = (c + word(8)) | 0;
  // final(a, b, c)
  c ^= b;
  c = (c - rotate(b, 14)) | 0;
  a ^= c;
  a = (a - rotate(c, 11)) | 0;
  b ^= a;
  b = (b - rotate(a, 25)) | 0;
  c ^= b;
  c = (c - rotate(b, 16)) | 0;
  a ^= c;
  a = (a - rotate(c, 4)) | 0;
  b ^= a;
  b = (b - rotate(a, 14)) | 0;
  c ^= b;
  c = (c - rotate(b, 24)) | 0;
  return { b: b >>> 0, c: c >>> 0 };
}
