import { TableClient } from '@azure/data-tables';
import type { TableStorageConnection } from '../../config/app-config.js';
import { credentialFor } from '../azure-credential.js';

export type TableClientFactory = (tableName: string) => TableClient;

/**
 * Table clients on the app's storage account. Azurite speaks plain http with the well-known development key, which
 * the SDK allows only when told; on Azure the account is reached over https with the managed identity.
 */
export function tableClientFactory(connection: TableStorageConnection): TableClientFactory {
  if (connection.kind === 'identity') {
    const credential = credentialFor(connection.identity);
    return (tableName) => new TableClient(connection.tableServiceUri, tableName, credential);
  }
  const allowInsecureConnection = isLocalDevelopment(connection.connectionString);
  return (tableName) =>
    TableClient.fromConnectionString(connection.connectionString, tableName, { allowInsecureConnection });
}

function isLocalDevelopment(connectionString: string): boolean {
  return /UseDevelopmentStorage=true|DefaultEndpointsProtocol=http;|TableEndpoint=http:/i.test(
    connectionString,
  );
}
