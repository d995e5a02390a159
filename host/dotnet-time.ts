// Times as the .NET host prints and serialises them. This host evaluates everything in UTC, so the "local" time
// zone of the .NET formats is UTC.

/** `DateTime.Now.ToString("o")`: seven fraction digits and the local offset, "2024-05-01T10:00:00.1230000+00:00". */
export function roundTripLocal(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 23)}0000+00:00`;
}

/** `DateTime.UtcNow.ToString("o")`: "2024-05-01T10:00:00.1230000Z". */
export function roundTripUtc(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 23)}0000Z`;
}

/** Newtonsoft's default for a local DateTime: trailing fraction zeros dropped, "2024-05-01T10:00:00.123+00:00". */
export function newtonsoftLocal(ms: number): string {
  return `${trimFraction(new Date(ms).toISOString().slice(0, 23))}+00:00`;
}

/** Newtonsoft's default for a UTC DateTime: "2024-05-01T10:00:00.123Z". */
export function newtonsoftUtc(ms: number): string {
  return `${trimFraction(new Date(ms).toISOString().slice(0, 23))}Z`;
}

function trimFraction(isoWithoutZone: string): string {
  return isoWithoutZone.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
}
