import { randomUUID } from 'node:crypto';
import type { FilterableMessage } from './filterable-message.js';
import { likePatternToRegExp } from './like-pattern.js';
import { lookUpProperty, type PropertyAddress } from './message-properties.js';
import { SqlExpressionError } from './sql-expression-error.js';
import { and, applyArithmetic, applySign, compareValues, not, or, type Truth } from './sql-operators.js';
import type { ConditionNode, PropertyReference, SyntaxNode, ValueNode } from './sql-syntax.js';
import { SQL_NULL, toSqlValue, type SqlValue } from './sql-value.js';
import { findSystemProperty } from './system-properties.js';

export type EvaluateValue = (message: FilterableMessage) => SqlValue;
export type EvaluateCondition = (message: FilterableMessage) => Truth;

/** Values for the `@name` parameters of an expression, as the SDKs' `sqlParameters` carry them. */
export type SqlParameters = Readonly<Record<string, unknown>>;

export interface CompileContext {
  expression: string;
  parameters: SqlParameters;
}

/**
 * Turns a syntax tree into closures once, when the rule is created: parameters are bound and constant
 * LIKE patterns become regular expressions up front, and anything wrong is reported now, not per message.
 * Evaluation itself never throws.
 */
export function compileCondition(node: ConditionNode, context: CompileContext): EvaluateCondition {
  switch (node.kind) {
    case 'and': {
      const left = compileCondition(node.left, context);
      const right = compileCondition(node.right, context);
      return (message) => and(left(message), () => right(message));
    }
    case 'or': {
      const left = compileCondition(node.left, context);
      const right = compileCondition(node.right, context);
      return (message) => or(left(message), () => right(message));
    }
    case 'not': {
      const operand = compileCondition(node.operand, context);
      return (message) => not(operand(message));
    }
    case 'compare': {
      const left = compileValue(node.left, context);
      const right = compileValue(node.right, context);
      const operator = node.operator;
      return (message) => compareValues(operator, left(message), right(message));
    }
    case 'is-null': {
      const operand = compileValue(node.operand, context);
      const negated = node.negated;
      return (message) => (operand(message).type === 'null') !== negated;
    }
    case 'in':
      return negateIf(node.negated, compileIn(node, context));
    case 'like':
      return negateIf(node.negated, compileLike(node, context));
    case 'exists': {
      const address = addressOf(node.property);
      return (message) => lookUpProperty(message, address).exists;
    }
    case 'truth-of': {
      const value = compileValue(node.value, context);
      return (message) => {
        const result = value(message);
        return result.type === 'boolean' ? result.value : null;
      };
    }
  }
}

export function compileValue(node: ValueNode, context: CompileContext): EvaluateValue {
  switch (node.kind) {
    case 'literal': {
      const value = node.value;
      return () => value;
    }
    case 'parameter': {
      const value = bindParameter(node, context);
      return () => value;
    }
    case 'property': {
      const address = addressOf(node);
      return (message) => toSqlValue(lookUpProperty(message, address).value);
    }
    case 'unary': {
      const operand = compileValue(node.operand, context);
      const operator = node.operator;
      return (message) => applySign(operator, operand(message));
    }
    case 'arithmetic': {
      const left = compileValue(node.left, context);
      const right = compileValue(node.right, context);
      const operator = node.operator;
      return (message) => applyArithmetic(operator, left(message), right(message));
    }
    case 'new-id':
      return () => ({ type: 'string', value: randomUUID() });
    case 'dynamic-property': {
      const name = compileValue(node.name, context);
      return (message) => {
        const nameValue = name(message);
        if (nameValue.type !== 'string') return SQL_NULL;
        const address = addressFromName(nameValue.value);
        return address ? toSqlValue(lookUpProperty(message, address).value) : SQL_NULL;
      };
    }
  }
}

function compileIn(node: Extract<ConditionNode, { kind: 'in' }>, context: CompileContext): EvaluateCondition {
  const operand = compileValue(node.operand, context);
  const list = node.list.map((item) => compileValue(item, context));
  // Per Azure, only an unknown left side makes IN unknown; a NULL in the list is just no match.
  return (message) => {
    const value = operand(message);
    if (value.type === 'null') return null;
    return list.some((item) => compareValues('=', value, item(message)) === true);
  };
}

function compileLike(
  node: Extract<ConditionNode, { kind: 'like' }>,
  context: CompileContext,
): EvaluateCondition {
  const operand = compileValue(node.operand, context);
  const constantPattern = constantString(node.pattern, context, 'The LIKE pattern');
  const constantEscape = node.escape && constantString(node.escape, context, 'The ESCAPE character');
  if (constantEscape !== undefined && constantEscape.length !== 1) {
    fail(context, node.escape!, 'The ESCAPE character must be a string of exactly one character');
  }
  if (constantPattern !== undefined && (node.escape === undefined || constantEscape !== undefined)) {
    const regExp =
      likePatternToRegExp(constantPattern, constantEscape) ??
      fail(context, node.pattern, 'The LIKE pattern ends with its escape character');
    return (message) => {
      const value = operand(message);
      return value.type === 'string' ? regExp.test(value.value) : null;
    };
  }
  // A computed pattern or escape is checked per message; a bad one makes the condition unknown.
  const pattern = compileValue(node.pattern, context);
  const escape = node.escape && compileValue(node.escape, context);
  return (message) => {
    const value = operand(message);
    const patternValue = pattern(message);
    const escapeValue = escape?.(message);
    if (value.type !== 'string' || patternValue.type !== 'string') return null;
    if (escapeValue && (escapeValue.type !== 'string' || escapeValue.value.length !== 1)) return null;
    const regExp = likePatternToRegExp(patternValue.value, escapeValue?.value);
    return regExp ? regExp.test(value.value) : null;
  };
}

/** The string a literal or parameter holds, refusing other constant types; undefined if not constant. */
function constantString(node: ValueNode, context: CompileContext, role: string): string | undefined {
  const constant =
    node.kind === 'literal'
      ? node.value
      : node.kind === 'parameter'
        ? bindParameter(node, context)
        : undefined;
  if (constant === undefined) return undefined;
  if (constant.type !== 'string') return fail(context, node, `${role} must be a string`);
  return constant.value;
}

function negateIf(negated: boolean, condition: EvaluateCondition): EvaluateCondition {
  return negated ? (message) => not(condition(message)) : condition;
}

function bindParameter(node: Extract<ValueNode, { kind: 'parameter' }>, context: CompileContext): SqlValue {
  // The SDKs key parameters with their `@`; a key without it is accepted too. Names are case-insensitive.
  const wanted = node.name.toLowerCase();
  const key = Object.keys(context.parameters).find((candidate) => {
    const lower = candidate.toLowerCase();
    return lower === wanted || `@${lower}` === wanted;
  });
  if (key === undefined) return fail(context, node, `No value was given for parameter ${node.name}`);
  return toSqlValue(context.parameters[key]);
}

function addressOf(property: PropertyReference): PropertyAddress {
  return { scope: property.scope, name: property.name };
}

/** Resolves `property('sys.Label')`, `property('user.color')` or `property('color')`. */
function addressFromName(name: string): PropertyAddress | undefined {
  const dot = name.indexOf('.');
  const scope = dot < 0 ? '' : name.slice(0, dot).toLowerCase();
  if (scope === 'user') return { scope: 'user', name: name.slice(dot + 1) };
  if (scope !== 'sys') return { scope: 'user', name };
  const definition = findSystemProperty(name.slice(dot + 1));
  return definition ? { scope: 'sys', name: definition.name } : undefined;
}

function fail(context: CompileContext, node: SyntaxNode, problem: string): never {
  throw new SqlExpressionError({ expression: context.expression, position: node.position, problem });
}
