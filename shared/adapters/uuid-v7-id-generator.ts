import { randomBytes } from 'node:crypto';
import type { IdGenerator } from '../application/ports/id-generator.js';

/**
 * UUIDv7 (RFC 9562): 48 bits of milliseconds, then random bits. Ids sort roughly by creation time, so orders listed
 * by key come out oldest first and new rows land at the end of the key space.
 */
export const uuidV7IdGenerator: IdGenerator = {
  newId(): string {
    const bytes = randomBytes(16);
    const ms = Date.now();
    bytes.writeUIntBE(ms, 0, 6);
    bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x70;
    bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
    const hex = bytes.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  },
};
