import type { FilterableMessage } from './filterable-message.js';
import { removeProperty, writeProperty, type PropertyAddress } from './message-properties.js';
import { parseSqlAction } from './sql-action-parser.js';
import { compileValue, type CompileContext, type SqlParameters } from './sql-evaluator.js';
import { SqlExpressionError } from './sql-expression-error.js';
import type { ActionStatement } from './sql-syntax.js';
import { fromSqlValue, type SqlValue } from './sql-value.js';
import { findSystemProperty, type SystemPropertyAssignment } from './system-properties.js';

export { SqlExpressionError } from './sql-expression-error.js';

export interface SqlActionOptions {
  /** Values for `@name` parameters in the expression (a rule action's `sqlParameters`). */
  parameters?: SqlParameters;
}

type ApplyStatement = (message: FilterableMessage) => void;

/**
 * Compiles a rule's SQL action (`SET p = <expr>`, `REMOVE p`, separated by `;` or `,`). Throws
 * `SqlExpressionError` when the rule is created for anything Azure would refuse, including assigning a
 * broker-stamped system property. The returned function runs the statements in order on a copy and
 * never changes the message it is given.
 */
export function compileSqlAction(
  expression: string,
  options: SqlActionOptions = {},
): (message: FilterableMessage) => FilterableMessage {
  const context: CompileContext = { expression, parameters: options.parameters ?? {} };
  const statements = parseSqlAction(expression).map((statement) => compileStatement(statement, context));
  return (message) => {
    const copy: FilterableMessage = { system: { ...message.system }, user: { ...message.user } };
    for (const apply of statements) apply(copy);
    return copy;
  };
}

function compileStatement(statement: ActionStatement, context: CompileContext): ApplyStatement {
  const address: PropertyAddress = { scope: statement.target.scope, name: statement.target.name };
  const assignment: SystemPropertyAssignment | 'any' =
    address.scope === 'sys' ? (findSystemProperty(address.name)?.assignment ?? 'read-only') : 'any';
  const refuse = (problem: string): never => {
    throw new SqlExpressionError({
      expression: context.expression,
      position: statement.target.position,
      problem,
    });
  };

  if (statement.kind === 'remove') {
    if (assignment !== 'any') refuse(`System property sys.${address.name} cannot be removed`);
    return (message) => removeProperty(message, address);
  }
  if (assignment === 'read-only')
    refuse(`System property sys.${address.name} is set by the broker and cannot be changed`);

  const value = compileValue(statement.value, context);
  if (statement.value.kind === 'literal' && !fits(assignment, statement.value.value)) {
    refuse(`sys.${address.name} cannot be set to a ${statement.value.value.type} value`);
  }
  return (message) => {
    const result = value(message);
    // A computed value of the wrong type leaves a system property as it was, rather than failing delivery.
    if (fits(assignment, result)) writeProperty(message, address, fromSqlValue(result));
  };
}

/** Whether a value may be stored in a property assigned this way. */
function fits(assignment: SystemPropertyAssignment | 'any', value: SqlValue): boolean {
  switch (assignment) {
    case 'any':
      return true;
    case 'string':
      return value.type === 'string' || value.type === 'null';
    case 'duration-ms':
      return value.type === 'int' || value.type === 'double';
    case 'date':
      return value.type === 'date';
    case 'read-only':
      return false;
  }
}
