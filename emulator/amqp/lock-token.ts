import { randomUUID } from 'node:crypto';

/**
 * Lock tokens travel in two byte orders: the delivery tag carries the GUID as .NET lays it out (first three groups
 * little-endian), while $management requests carry it as an AMQP uuid (RFC order). Both map to the same string.
 */
export function newLockToken(): string {
  return randomUUID();
}

export function lockTokenToRfcBytes(token: string): Buffer {
  return Buffer.from(token.replace(/-/g, ''), 'hex');
}

export function lockTokenToDeliveryTag(token: string): Buffer {
  return swapDotNetGroups(lockTokenToRfcBytes(token));
}

export function lockTokenFromRfcBytes(bytes: Buffer): string {
  return formatGuid(bytes);
}

export function lockTokenFromDeliveryTag(tag: Buffer): string {
  return formatGuid(swapDotNetGroups(tag));
}

function swapDotNetGroups(bytes: Buffer): Buffer {
  const out = Buffer.from(bytes);
  out.writeUInt32LE(bytes.readUInt32BE(0), 0);
  out.writeUInt16LE(bytes.readUInt16BE(4), 4);
  out.writeUInt16LE(bytes.readUInt16BE(6), 6);
  return out;
}

function formatGuid(bytes: Buffer): string {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
