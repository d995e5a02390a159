import { isIdentifier } from '../domain/identifiers.js';
import { connectionNames, type AppConfig, type EntityNames } from './app-config.js';
import { ConfigError } from './config-error.js';
import {
  readEventGridTopic,
  readMessagingConnection,
  readMonitoring,
  readTableStorage,
} from './read-connections.js';
import { SettingsReader, type SettingsSource } from './settings-reader.js';

const entityRule = {
  pattern: /^[A-Za-z0-9][A-Za-z0-9._-]{0,259}$/,
  describe: 'an entity name (letters, digits, ".", "_", "-")',
};

const consumerGroupRule = {
  pattern: /^(\$Default|[A-Za-z0-9][A-Za-z0-9._-]{0,49})$/,
  describe: 'a consumer group name',
};

/** Defaults match `infra/entities.json`, so the settings are needed only to point at other entities. */
export const defaultEntityNames: EntityNames = {
  stockCommandsQueue: 'stock-commands',
  stockRepliesQueue: 'stock-replies',
  invalidMessagesQueue: 'invalid-messages',
  telemetryHub: 'telemetry',
  telemetryConsumerGroup: 'aggregator',
};

/**
 * Parses the app settings into the typed configuration, once, at start. Every problem is collected and thrown
 * together in one `ConfigError`; nothing else in the app reads settings.
 */
export function loadConfig(source: SettingsSource): AppConfig {
  const reader = new SettingsReader(source);
  const storage = readTableStorage(reader, connectionNames.storage);
  const serviceBus = readMessagingConnection(reader, connectionNames.serviceBus);
  const eventHubs = readMessagingConnection(reader, connectionNames.eventHubs);
  const eventGrid = readEventGridTopic(reader, connectionNames.eventGrid);
  const monitoring = readMonitoring(reader);
  const entities = readEntityNames(reader);
  const stockSeed = readStockSeed(reader);
  if (
    reader.problems.length > 0 ||
    storage === undefined ||
    serviceBus === undefined ||
    eventHubs === undefined ||
    eventGrid === undefined
  ) {
    throw new ConfigError(reader.problems);
  }
  return { storage, serviceBus, eventHubs, eventGrid, monitoring, entities, stockSeed };
}

function readEntityNames(reader: SettingsReader): EntityNames {
  return {
    stockCommandsQueue: reader.withDefault(
      'StockCommandsQueueName',
      defaultEntityNames.stockCommandsQueue,
      entityRule,
    ),
    stockRepliesQueue: reader.withDefault(
      'StockRepliesQueueName',
      defaultEntityNames.stockRepliesQueue,
      entityRule,
    ),
    invalidMessagesQueue: reader.withDefault(
      'InvalidMessagesQueueName',
      defaultEntityNames.invalidMessagesQueue,
      entityRule,
    ),
    telemetryHub: reader.withDefault('TelemetryEventHubName', defaultEntityNames.telemetryHub, entityRule),
    telemetryConsumerGroup: reader.withDefault(
      'TelemetryConsumerGroup',
      defaultEntityNames.telemetryConsumerGroup,
      consumerGroupRule,
    ),
  };
}

function readStockSeed(reader: SettingsReader): Record<string, number> {
  const text = reader.optional('StockSeed');
  if (text === undefined) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    reader.report('StockSeed must be a JSON object of SKU to units, such as {"SKU-1":100}.');
    return {};
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    reader.report('StockSeed must be a JSON object of SKU to units, such as {"SKU-1":100}.');
    return {};
  }
  const seed: Record<string, number> = {};
  for (const [sku, units] of Object.entries(value)) {
    if (!isIdentifier('sku', sku)) reader.report(`StockSeed: "${sku}" is not a SKU.`);
    else if (!Number.isSafeInteger(units) || (units as number) < 0) {
      reader.report(`StockSeed: the units of ${sku} must be a whole number of 0 or more.`);
    } else seed[sku] = units as number;
  }
  return seed;
}
