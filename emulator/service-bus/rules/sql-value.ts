/**
 * A value as the rule language sees it. Azure evaluates with .NET types, so integers (Int64) and
 * doubles stay distinct: `7 / 2` is 3 but `7 / 2.0` is 3.5. Integers are bigints to keep Int64 exact.
 */
export type SqlValue =
  | { type: 'null' }
  | { type: 'string'; value: string }
  | { type: 'int'; value: bigint }
  | { type: 'double'; value: number }
  | { type: 'boolean'; value: boolean }
  /** Epoch milliseconds. */
  | { type: 'date'; value: number }
  /** Anything else a message can carry (binary, lists, maps): it exists, but no operator applies to it. */
  | { type: 'other'; value: unknown };

export const SQL_NULL: SqlValue = { type: 'null' };

/**
 * Reads a message property value. A JavaScript number that is a safe integer counts as an integer,
 * because that is how an AMQP sender encodes it and so how Azure would see it.
 */
export function toSqlValue(raw: unknown): SqlValue {
  switch (typeof raw) {
    case 'string':
      return { type: 'string', value: raw };
    case 'boolean':
      return { type: 'boolean', value: raw };
    case 'bigint':
      return { type: 'int', value: BigInt.asIntN(64, raw) };
    case 'number':
      return Number.isSafeInteger(raw) ? { type: 'int', value: BigInt(raw) } : { type: 'double', value: raw };
    case 'undefined':
      return SQL_NULL;
    default:
      if (raw === null) return SQL_NULL;
      if (raw instanceof Date) return { type: 'date', value: raw.getTime() };
      return { type: 'other', value: raw };
  }
}

/** Turns a value back into what a message property holds (numbers as JavaScript numbers). */
export function fromSqlValue(value: SqlValue): unknown {
  switch (value.type) {
    case 'null':
      return null;
    case 'int':
      return Number(value.value);
    case 'date':
      return new Date(value.value);
    default:
      return value.value;
  }
}

export function isNumeric(value: SqlValue): value is Extract<SqlValue, { type: 'int' | 'double' }> {
  return value.type === 'int' || value.type === 'double';
}
