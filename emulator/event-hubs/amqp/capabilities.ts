export const capability = {
  runtimeMetric: 'com.microsoft:enable-receiver-runtime-metric',
  idempotentProducer: 'com.microsoft:idempotent-producer',
} as const;

/** True when an attach's capability field (a symbol or an array of symbols) names `wanted`. */
export function hasCapability(field: unknown, wanted: string): boolean {
  if (Array.isArray(field)) return field.some((value) => String(value) === wanted);
  return field !== undefined && field !== null && String(field) === wanted;
}
