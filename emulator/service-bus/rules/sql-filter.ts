import type { FilterableMessage } from './filterable-message.js';
import { compileCondition, type SqlParameters } from './sql-evaluator.js';
import { parseSqlFilter } from './sql-parser.js';

export { SqlExpressionError } from './sql-expression-error.js';

export interface SqlFilterOptions {
  /** Values for `@name` parameters in the expression (a rule's `sqlParameters`). */
  parameters?: SqlParameters;
}

/**
 * Compiles a subscription rule's SQL filter. Throws `SqlExpressionError` for an expression Azure would
 * refuse, so the rule is refused when it is created. The returned predicate selects a message only when
 * the condition is true: false and unknown (a missing property, NULL, mismatched types) both reject it.
 */
export function compileSqlFilter(
  expression: string,
  options: SqlFilterOptions = {},
): (message: FilterableMessage) => boolean {
  const condition = compileCondition(parseSqlFilter(expression), {
    expression,
    parameters: options.parameters ?? {},
  });
  return (message) => condition(message) === true;
}
