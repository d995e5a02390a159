import type { StockReservation } from '../../domain/stock-reservation.js';
import type { ReserveStockResultV1 } from '../contracts/reserve-stock-result.js';

/** The answer a reservation record stands for; a repeated command gets the same answer as the first. */
export function reserveStockResultOf(reservation: StockReservation): ReserveStockResultV1 {
  const { orderId } = reservation;
  switch (reservation.status) {
    case 'reserved':
      return { orderId, outcome: 'reserved' };
    case 'refused':
      return {
        orderId,
        outcome: 'rejected',
        // ReserveStockResult v1 has no reason of its own for a SKU the catalogue lacks: none of it is available, so
        // it is insufficient stock. Telling the two apart is a new reason, which is a v2 of the contract.
        reason: 'insufficient_stock',
        unavailableSkus: [...reservation.unavailableSkus],
      };
    case 'released':
      return { orderId, outcome: 'rejected', reason: 'stock_released', unavailableSkus: [] };
  }
}
