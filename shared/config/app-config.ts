/**
 * How the app authenticates to a service on Azure: the function app's managed identity, or, off Azure, whatever
 * `DefaultAzureCredential` finds (a developer's `az login`).
 */
export type IdentityConfig =
  | { readonly kind: 'managedIdentity'; readonly clientId?: string }
  | { readonly kind: 'default'; readonly clientId?: string };

/** A Service Bus or Event Hubs connection, in either of the two Functions forms. */
export type MessagingConnection =
  | { readonly kind: 'connectionString'; readonly connectionString: string }
  | {
      readonly kind: 'identity';
      readonly fullyQualifiedNamespace: string;
      readonly identity: IdentityConfig;
    };

export type TableStorageConnection =
  | { readonly kind: 'connectionString'; readonly connectionString: string }
  | { readonly kind: 'identity'; readonly tableServiceUri: string; readonly identity: IdentityConfig };

export interface EventGridTopicConnection {
  readonly topicEndpoint: string;
  readonly auth:
    | { readonly kind: 'key'; readonly key: string }
    | { readonly kind: 'identity'; readonly identity: IdentityConfig };
}

export interface MonitoringConfig {
  /** Absent: monitoring is off. */
  readonly connectionString?: string;
  /** Present when telemetry is sent with a managed identity (Application Insights with local auth disabled). */
  readonly identity?: IdentityConfig;
}

/** Names of the messaging entities, as declared in `infra/entities.json`. */
export interface EntityNames {
  readonly stockCommandsQueue: string;
  readonly stockRepliesQueue: string;
  readonly invalidMessagesQueue: string;
  readonly telemetryHub: string;
  readonly telemetryConsumerGroup: string;
}

/** The application's configuration, parsed once at start from the app settings. */
export interface AppConfig {
  readonly storage: TableStorageConnection;
  readonly serviceBus: MessagingConnection;
  readonly eventHubs: MessagingConnection;
  readonly eventGrid: EventGridTopicConnection;
  readonly monitoring: MonitoringConfig;
  readonly entities: EntityNames;
  /** Units per SKU added to the stock table at start when the SKU is not there yet. */
  readonly stockSeed: Readonly<Record<string, number>>;
}

/** The Functions connection setting names the triggers use; the app's clients read the same settings. */
export const connectionNames = {
  storage: 'AzureWebJobsStorage',
  serviceBus: 'ServiceBusConnection',
  eventHubs: 'EventHubConnection',
  eventGrid: 'EventGridConnection',
} as const;
