/** .NET ticks (100 ns since 0001-01-01) as an 8-byte big-endian long: how Service Bus sends session lock times. */
const ticksAtUnixEpoch = 621_355_968_000_000_000n;

export function dotNetTicks(epochMs: number): Buffer {
  const ticks = ticksAtUnixEpoch + BigInt(Math.trunc(epochMs)) * 10_000n;
  const buffer = Buffer.alloc(8);
  buffer.writeBigInt64BE(ticks);
  return buffer;
}
