/**
 * New unique ids for orders and events. Ids must match the order-id format (letters, digits, `-`, `_`; at most 64
 * characters): a UUID does, and a time-ordered one (UUIDv7) keeps storage keys roughly in creation order.
 */
export interface IdGenerator {
  newId(): string;
}
