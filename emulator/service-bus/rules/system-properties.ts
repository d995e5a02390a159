/** How a rule action may assign a system property; read-only ones are stamped by the broker. */
export type SystemPropertyAssignment = 'string' | 'duration-ms' | 'date' | 'read-only';

export interface SystemPropertyDefinition {
  /** The name `FilterableMessage.system` uses first. */
  name: string;
  /** Other names for it: the Azure.Messaging.ServiceBus names where they differ from the older SDK's. */
  aliases: readonly string[];
  assignment: SystemPropertyAssignment;
}

const definitions: readonly SystemPropertyDefinition[] = [
  { name: 'MessageId', aliases: [], assignment: 'string' },
  { name: 'CorrelationId', aliases: [], assignment: 'string' },
  { name: 'To', aliases: [], assignment: 'string' },
  { name: 'ReplyTo', aliases: [], assignment: 'string' },
  { name: 'Label', aliases: ['Subject'], assignment: 'string' },
  { name: 'SessionId', aliases: [], assignment: 'string' },
  { name: 'ReplyToSessionId', aliases: [], assignment: 'string' },
  { name: 'ContentType', aliases: [], assignment: 'string' },
  { name: 'PartitionKey', aliases: [], assignment: 'string' },
  { name: 'ViaPartitionKey', aliases: ['TransactionPartitionKey'], assignment: 'string' },
  { name: 'TimeToLive', aliases: [], assignment: 'duration-ms' },
  { name: 'ScheduledEnqueueTimeUtc', aliases: ['ScheduledEnqueueTime'], assignment: 'date' },
  { name: 'SequenceNumber', aliases: [], assignment: 'read-only' },
  { name: 'EnqueuedSequenceNumber', aliases: [], assignment: 'read-only' },
  { name: 'EnqueuedTimeUtc', aliases: ['EnqueuedTime'], assignment: 'read-only' },
  { name: 'ExpiresAtUtc', aliases: ['ExpiresAt'], assignment: 'read-only' },
  { name: 'LockedUntilUtc', aliases: ['LockedUntil'], assignment: 'read-only' },
  { name: 'LockToken', aliases: [], assignment: 'read-only' },
  { name: 'DeliveryCount', aliases: [], assignment: 'read-only' },
  { name: 'Size', aliases: [], assignment: 'read-only' },
  { name: 'State', aliases: [], assignment: 'read-only' },
  { name: 'DeadLetterSource', aliases: [], assignment: 'read-only' },
];

const byLowerCaseName = new Map<string, SystemPropertyDefinition>(
  definitions.flatMap((definition) =>
    [definition.name, ...definition.aliases].map((name) => [name.toLowerCase(), definition] as const),
  ),
);

/**
 * The system property a `sys.<name>` reference means, matched case-insensitively as Azure matches
 * property names; undefined for a name Azure would refuse.
 */
export function findSystemProperty(name: string): SystemPropertyDefinition | undefined {
  return byLowerCaseName.get(name.toLowerCase());
}
