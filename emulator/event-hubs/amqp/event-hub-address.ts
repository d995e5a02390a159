/** What an Event Hubs link address names: `<hub>`, `<hub>/Partitions/<n>` or `<hub>/ConsumerGroups/<cg>/Partitions/<n>`. */
export type EventHubAddress =
  | { kind: 'hub'; hub: string }
  | { kind: 'partition'; hub: string; partitionId: string }
  | { kind: 'consumer'; hub: string; consumerGroup: string; partitionId: string };

/** Parses an address; returns undefined for anything that is not an Event Hubs address. */
export function parseEventHubAddress(address: string): EventHubAddress | undefined {
  const segments = address.split('/');
  const [hub, second, third, fourth, fifth] = segments;
  if (!hub) return undefined;
  if (segments.length === 1) return { kind: 'hub', hub };
  if (segments.length === 3 && second?.toLowerCase() === 'partitions' && third)
    return { kind: 'partition', hub, partitionId: third };
  if (
    segments.length === 5 &&
    second?.toLowerCase() === 'consumergroups' &&
    third &&
    fourth?.toLowerCase() === 'partitions' &&
    fifth
  ) {
    return { kind: 'consumer', hub, consumerGroup: third, partitionId: fifth };
  }
  return undefined;
}
