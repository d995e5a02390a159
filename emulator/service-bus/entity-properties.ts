/**
 * Entity declarations in the official Service Bus emulator's Config.json vocabulary (PascalCase keys, ISO 8601
 * durations), so a file written for that emulator works here unchanged.
 */
export interface QueuePropertiesInput {
  DeadLetteringOnMessageExpiration?: boolean;
  DefaultMessageTimeToLive?: string;
  DuplicateDetectionHistoryTimeWindow?: string;
  ForwardDeadLetteredMessagesTo?: string;
  ForwardTo?: string;
  LockDuration?: string;
  MaxDeliveryCount?: number;
  RequiresDuplicateDetection?: boolean;
  RequiresSession?: boolean;
  MaxMessageSizeInKilobytes?: number;
}

export interface TopicPropertiesInput {
  DefaultMessageTimeToLive?: string;
  DuplicateDetectionHistoryTimeWindow?: string;
  RequiresDuplicateDetection?: boolean;
  MaxMessageSizeInKilobytes?: number;
}

export interface CorrelationFilterInput {
  ContentType?: string;
  CorrelationId?: string;
  Label?: string;
  MessageId?: string;
  ReplyTo?: string;
  ReplyToSessionId?: string;
  SessionId?: string;
  To?: string;
  Properties?: Record<string, string | number | boolean>;
}

export interface RuleInput {
  Name: string;
  Properties: {
    FilterType: 'Correlation' | 'Sql';
    CorrelationFilter?: CorrelationFilterInput;
    SqlFilter?: { SqlExpression: string };
    Action?: { SqlExpression: string };
  };
}

export interface SubscriptionInput {
  Name: string;
  Properties?: QueuePropertiesInput;
  Rules?: RuleInput[];
}

export interface QueueInput {
  Name: string;
  Properties?: QueuePropertiesInput;
}

export interface TopicInput {
  Name: string;
  Properties?: TopicPropertiesInput;
  Subscriptions?: SubscriptionInput[];
}
