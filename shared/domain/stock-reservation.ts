import type { Timestamp } from './order.js';

/** Units of one SKU the warehouse can still promise; `version` guards concurrent reservations. */
export interface StockLevel {
  readonly sku: string;
  readonly available: number;
  readonly version: number;
}

export interface StockLine {
  readonly sku: string;
  readonly quantity: number;
}

/**
 * The stock service's record of one order's reservation: reserved, refused (not enough stock, or a SKU the catalogue
 * does not have) or released (the order was cancelled). A release that arrives before its reservation leaves a
 * released record behind, so the late reservation is refused instead of taking stock nobody will ever release.
 */
export interface StockReservation {
  readonly orderId: string;
  readonly status: 'reserved' | 'refused' | 'released';
  /** Why a refused reservation was refused; records without it were refused for insufficient stock. */
  readonly refusal?: StockRefusal;
  readonly lines: readonly StockLine[];
  /** The SKUs that were short, or unknown to the catalogue. */
  readonly unavailableSkus: readonly string[];
  readonly version: number;
  readonly updatedAt: Timestamp;
}

export type StockRefusal = 'insufficient_stock' | 'unknown_sku';

export type ReserveDecision =
  | {
      readonly kind: 'reserved';
      readonly reservation: StockReservation;
      readonly levels: readonly StockLevel[];
    }
  | { readonly kind: 'refused'; readonly reservation: StockReservation };

export type ReleaseDecision =
  | {
      readonly kind: 'released';
      readonly reservation: StockReservation;
      readonly levels: readonly StockLevel[];
    }
  | { readonly kind: 'unchanged' }
  | { readonly kind: 'unknown_skus'; readonly skus: readonly string[] };

export interface ReserveInput {
  readonly orderId: string;
  readonly lines: readonly StockLine[];
  /** The current level of every SKU the catalogue knows among `lines`; a SKU missing here is unknown, and refused. */
  readonly levels: ReadonlyMap<string, StockLevel>;
  readonly at: Timestamp;
}

export interface ReleaseInput {
  readonly orderId: string;
  readonly reservation: StockReservation | undefined;
  readonly levels: ReadonlyMap<string, StockLevel>;
  readonly at: Timestamp;
}

/** All or nothing: an order is reserved only if every line can be, so no partial reservation is ever held. */
function reserve(input: ReserveInput): ReserveDecision {
  const lines = mergeBySku(input.lines);
  const reservation = {
    orderId: input.orderId,
    lines,
    version: 1,
    updatedAt: input.at,
  };
  // A SKU the catalogue does not have is an answer, not a failure: the order is refused, and a repeat of the
  // command gets the same answer even if the SKU is added later.
  const unknown = lines.filter((line) => !input.levels.has(line.sku)).map((line) => line.sku);
  if (unknown.length > 0) {
    return {
      kind: 'refused',
      reservation: { ...reservation, status: 'refused', refusal: 'unknown_sku', unavailableSkus: unknown },
    };
  }
  const unavailable = lines
    .filter((line) => levelOf(input.levels, line.sku).available < line.quantity)
    .map((line) => line.sku);
  if (unavailable.length > 0) {
    return {
      kind: 'refused',
      reservation: {
        ...reservation,
        status: 'refused',
        refusal: 'insufficient_stock',
        unavailableSkus: unavailable,
      },
    };
  }
  return {
    kind: 'reserved',
    reservation: { ...reservation, status: 'reserved', unavailableSkus: [] },
    levels: lines.map((line) => adjust(levelOf(input.levels, line.sku), -line.quantity)),
  };
}

function release(input: ReleaseInput): ReleaseDecision {
  const { reservation } = input;
  if (reservation === undefined) {
    const tombstone: StockReservation = {
      orderId: input.orderId,
      status: 'released',
      lines: [],
      unavailableSkus: [],
      version: 1,
      updatedAt: input.at,
    };
    return { kind: 'released', reservation: tombstone, levels: [] };
  }
  if (reservation.status !== 'reserved') return { kind: 'unchanged' };
  const unknown = reservation.lines.filter((line) => !input.levels.has(line.sku)).map((line) => line.sku);
  if (unknown.length > 0) return { kind: 'unknown_skus', skus: unknown };
  return {
    kind: 'released',
    reservation: {
      ...reservation,
      status: 'released',
      version: reservation.version + 1,
      updatedAt: input.at,
    },
    levels: reservation.lines.map((line) => adjust(levelOf(input.levels, line.sku), line.quantity)),
  };
}

export const stockReservation = { reserve, release } as const;

function levelOf(levels: ReadonlyMap<string, StockLevel>, sku: string): StockLevel {
  const level = levels.get(sku);
  if (level === undefined) {
    throw new Error(`No stock level for ${sku}; callers check for unknown SKUs first.`);
  }
  return level;
}

// Two lines of one SKU must take from one level once, not write it twice from the same starting point.
function mergeBySku(lines: readonly StockLine[]): StockLine[] {
  const quantities = new Map<string, number>();
  for (const line of lines) quantities.set(line.sku, (quantities.get(line.sku) ?? 0) + line.quantity);
  return [...quantities].map(([sku, quantity]) => ({ sku, quantity }));
}

function adjust(level: StockLevel, delta: number): StockLevel {
  return { sku: level.sku, available: level.available + delta, version: level.version + 1 };
}
