/**
 * Bounds on what one order may contain. Together they keep every total below `Number.MAX_SAFE_INTEGER`
 * (50 lines x 1,000 units x 1,000,000,000 minor units = 5e13), so money stays exact without big integers.
 */
export const orderLimits = {
  maxLines: 50,
  maxQuantityPerLine: 1_000,
  maxUnitPriceMinor: 1_000_000_000,
  maxCancellationReasonLength: 200,
} as const;
