export const capability = {
  runtimeMetric: 'com.microsoft:enable-receiver-runtime-metric',
  idempotentProducer: 'com.microsoft:idempotent-producer',
} as const;

/** True when an attach's capability field (a symbol or an array of symbols) names `wanted`. */
export function hasCapability(field: unknown, wanted: string): boolean {
  // rhea decodes symbols to strings.
  return Array.isArray(field) ? field.includes(wanted) : field === wanted;
}
