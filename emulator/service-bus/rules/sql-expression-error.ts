/**
 * A rule expression that cannot be compiled. Thrown when a rule is created, never while a message is
 * being delivered, so a bad rule is refused before it can drop or misroute anything.
 */
export class SqlExpressionError extends Error {
  /** Zero-based offset in the expression of the character the problem starts at. */
  readonly position: number;
  readonly expression: string;

  constructor(options: { expression: string; position: number; problem: string }) {
    super(`${options.problem} at position ${options.position} in SQL expression "${options.expression}"`);
    this.name = 'SqlExpressionError';
    this.position = options.position;
    this.expression = options.expression;
  }
}
