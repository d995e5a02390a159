import type { TableClient } from '@azure/data-tables';
import type { CustomerNotification, CustomerNotifier } from '../application/ports/customer-notifier.js';
import { tableKey } from './table-storage/table-keys.js';

/**
 * Records notifications in a table (an inbox per customer), standing in for an e-mail or push provider such as Azure
 * Communication Services. Keyed by the notification id, so a repeat overwrites itself, as a provider that
 * deduplicates would drop it.
 */
export class TableStorageCustomerNotifier implements CustomerNotifier {
  readonly #table: TableClient;

  constructor(table: TableClient) {
    this.#table = table;
  }

  async send(notification: CustomerNotification): Promise<void> {
    await this.#table.upsertEntity(
      {
        partitionKey: tableKey(notification.customerId),
        rowKey: tableKey(notification.notificationId),
        OrderId: notification.orderId,
        Subject: notification.subject,
        Body: notification.body,
      },
      'Replace',
    );
  }
}
