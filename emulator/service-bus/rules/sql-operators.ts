import type { ArithmeticOperator, ComparisonOperator } from './sql-syntax.js';
import { isNumeric, SQL_NULL, type SqlValue } from './sql-value.js';

/** A condition's outcome under SQL three-valued logic: null is unknown. */
export type Truth = boolean | null;

/**
 * Compares two values as Azure does with .NET's implicit conversions: an integer meets a double as a
 * double; strings compare ordinally (so case-sensitively); booleans only for (in)equality; dates by
 * instant. NULL, a missing property, or two types with no conversion between them give unknown,
 * never an error, so a message of an unexpected shape is simply not selected.
 */
export function compareValues(operator: ComparisonOperator, left: SqlValue, right: SqlValue): Truth {
  const operands = comparableOperands(left, right);
  if (!operands) return null;
  const [a, b] = operands;
  if (left.type === 'boolean' && operator !== '=' && operator !== '<>') return null;
  switch (operator) {
    case '=':
      return a === b;
    case '<>':
      return a !== b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
  }
}

/** The two operands in one JavaScript type that its operators compare correctly, or undefined. */
function comparableOperands(
  left: SqlValue,
  right: SqlValue,
): [string, string] | [number, number] | [bigint, bigint] | [boolean, boolean] | undefined {
  if (left.type === 'int' && right.type === 'int') return [left.value, right.value];
  if (isNumeric(left) && isNumeric(right)) return [Number(left.value), Number(right.value)];
  if (left.type === 'string' && right.type === 'string') return [left.value, right.value];
  if (left.type === 'boolean' && right.type === 'boolean') return [left.value, right.value];
  if (left.type === 'date' && right.type === 'date') return [left.value, right.value];
  return undefined;
}

/**
 * Arithmetic with C# binding: Int64 with Int64 stays Int64 (wrapping on overflow, truncating
 * division), anything with a double is a double, and `+` joins two strings. Other combinations, NULL,
 * and integer division by zero (an exception in .NET) give unknown.
 */
export function applyArithmetic(operator: ArithmeticOperator, left: SqlValue, right: SqlValue): SqlValue {
  if (left.type === 'int' && right.type === 'int')
    return integerArithmetic(operator, left.value, right.value);
  if (isNumeric(left) && isNumeric(right)) {
    return { type: 'double', value: doubleArithmetic(operator, Number(left.value), Number(right.value)) };
  }
  if (operator === '+' && left.type === 'string' && right.type === 'string') {
    return { type: 'string', value: left.value + right.value };
  }
  return SQL_NULL;
}

function integerArithmetic(operator: ArithmeticOperator, a: bigint, b: bigint): SqlValue {
  if ((operator === '/' || operator === '%') && b === 0n) return SQL_NULL;
  return { type: 'int', value: BigInt.asIntN(64, exactIntegerArithmetic(operator, a, b)) };
}

// bigint division truncates toward zero and `%` takes the dividend's sign, as C# does for Int64.
function exactIntegerArithmetic(operator: ArithmeticOperator, a: bigint, b: bigint): bigint {
  switch (operator) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return a / b;
    case '%':
      return a % b;
  }
}

function doubleArithmetic(operator: ArithmeticOperator, a: number, b: number): number {
  switch (operator) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return a / b;
    case '%':
      return a % b;
  }
}

/** Unary plus and minus apply to numbers only. */
export function applySign(operator: '+' | '-', operand: SqlValue): SqlValue {
  if (operand.type === 'int')
    return operator === '-' ? { type: 'int', value: BigInt.asIntN(64, -operand.value) } : operand;
  if (operand.type === 'double')
    return operator === '-' ? { type: 'double', value: -operand.value } : operand;
  return SQL_NULL;
}

export function and(left: Truth, right: () => Truth): Truth {
  if (left === false) return false;
  const rightTruth = right();
  if (rightTruth === false) return false;
  return left === true && rightTruth === true ? true : null;
}

export function or(left: Truth, right: () => Truth): Truth {
  if (left === true) return true;
  const rightTruth = right();
  if (rightTruth === true) return true;
  return left === false && rightTruth === false ? false : null;
}

export function not(operand: Truth): Truth {
  return operand === null ? null : !operand;
}
