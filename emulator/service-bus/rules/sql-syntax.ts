import type { SqlValue } from './sql-value.js';

/**
 * The syntax tree of rule expressions. Azure's grammar keeps two kinds apart: values (`<expression>`),
 * and conditions (`<predicate>`), which are true, false or unknown. Every node records where it starts,
 * so later checks can point at it.
 */

export type PropertyScope = 'sys' | 'user';

export type ComparisonOperator = '=' | '<>' | '>' | '>=' | '<' | '<=';
export type ArithmeticOperator = '+' | '-' | '*' | '/' | '%';

export interface PropertyReference {
  kind: 'property';
  scope: PropertyScope;
  name: string;
  position: number;
}

export type ValueNode =
  | PropertyReference
  | { kind: 'literal'; value: SqlValue; position: number }
  | { kind: 'parameter'; name: string; position: number }
  | { kind: 'unary'; operator: '+' | '-'; operand: ValueNode; position: number }
  | { kind: 'arithmetic'; operator: ArithmeticOperator; left: ValueNode; right: ValueNode; position: number }
  | { kind: 'new-id'; position: number }
  /** `property(name)` / `p(name)`: a property whose name is computed. */
  | { kind: 'dynamic-property'; name: ValueNode; position: number };

export type ConditionNode =
  | { kind: 'and' | 'or'; left: ConditionNode; right: ConditionNode; position: number }
  | { kind: 'not'; operand: ConditionNode; position: number }
  | { kind: 'compare'; operator: ComparisonOperator; left: ValueNode; right: ValueNode; position: number }
  | { kind: 'is-null'; negated: boolean; operand: ValueNode; position: number }
  | { kind: 'in'; negated: boolean; operand: ValueNode; list: ValueNode[]; position: number }
  | {
      kind: 'like';
      negated: boolean;
      operand: ValueNode;
      pattern: ValueNode;
      escape: ValueNode | undefined;
      position: number;
    }
  | { kind: 'exists'; property: PropertyReference; position: number }
  /** A boolean constant or a property used where a condition is expected: true or false if it holds a boolean, unknown otherwise. */
  | { kind: 'truth-of'; value: ValueNode; position: number };

export type SyntaxNode = ValueNode | ConditionNode;

export type ActionStatement =
  | { kind: 'set'; target: PropertyReference; value: ValueNode; position: number }
  | { kind: 'remove'; target: PropertyReference; position: number };

const CONDITION_KINDS: ReadonlySet<SyntaxNode['kind']> = new Set([
  'and',
  'or',
  'not',
  'compare',
  'is-null',
  'in',
  'like',
  'exists',
  'truth-of',
]);

export function isCondition(node: SyntaxNode): node is ConditionNode {
  return CONDITION_KINDS.has(node.kind);
}
