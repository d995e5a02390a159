import { SqlExpressionError } from './sql-expression-error.js';
import {
  isCondition,
  type ArithmeticOperator,
  type ComparisonOperator,
  type ConditionNode,
  type PropertyReference,
  type SyntaxNode,
  type ValueNode,
} from './sql-syntax.js';
import { tokenizeSql, type SqlSymbol, type SqlToken } from './sql-tokenizer.js';
import { findSystemProperty } from './system-properties.js';

// A regular identifier may not be one of these; `[brackets]` or a scope (`user.in`) still reach such a property.
const RESERVED = new Set([
  'AND',
  'OR',
  'NOT',
  'IS',
  'NULL',
  'IN',
  'LIKE',
  'ESCAPE',
  'EXISTS',
  'TRUE',
  'FALSE',
]);

const COMPARISONS: ReadonlyMap<SqlSymbol, ComparisonOperator> = new Map([
  ['=', '='],
  ['<>', '<>'],
  ['!=', '<>'],
  ['>', '>'],
  ['>=', '>='],
  ['<', '<'],
  ['<=', '<='],
]);

/**
 * Recursive-descent parser for Azure's SQL filter and action grammar. Precedence, loosest first:
 * OR, AND, NOT, comparisons (= <> != > >= < <= IS IN LIKE), + -, * / %, unary + -.
 * Conditions and values share one descent so that `(` can open either; each operator then checks that
 * its operands are of the kind it needs.
 */
export class SqlParser {
  private readonly tokens: SqlToken[];
  private index = 0;

  constructor(private readonly expression: string) {
    this.tokens = tokenizeSql(expression);
  }

  parseCondition(): ConditionNode {
    return this.asCondition(this.parseOr());
  }

  parseValue(): ValueNode {
    return this.asValue(this.parseAdditive());
  }

  parseProperty(): PropertyReference {
    const token = this.peek();
    const node = token.kind === 'word' || token.kind === 'quoted-name' ? this.parsePrimary() : undefined;
    if (node?.kind !== 'property')
      return this.fail(token, `Expected a property name but found ${describe(token)}`);
    return node;
  }

  peek(): SqlToken {
    // The token list always ends with an `end` token, which is never consumed.
    return this.tokens[this.index] ?? this.tokens[this.tokens.length - 1]!;
  }

  atEnd(): boolean {
    return this.peek().kind === 'end';
  }

  expectEnd(): void {
    if (!this.atEnd()) this.fail(this.peek(), `Unexpected ${describe(this.peek())}`);
  }

  acceptKeyword(keyword: string): SqlToken | undefined {
    const token = this.peek();
    if (token.kind !== 'word' || token.text.toUpperCase() !== keyword) return undefined;
    this.index++;
    return token;
  }

  acceptSymbol(symbol: SqlSymbol): SqlToken | undefined {
    const token = this.peek();
    if (token.kind !== 'symbol' || token.text !== symbol) return undefined;
    this.index++;
    return token;
  }

  fail(at: SqlToken | SyntaxNode | number, problem: string): never {
    const position = typeof at === 'number' ? at : at.position;
    throw new SqlExpressionError({ expression: this.expression, position, problem });
  }

  private expectSymbol(symbol: SqlSymbol): SqlToken {
    return (
      this.acceptSymbol(symbol) ??
      this.fail(this.peek(), `Expected '${symbol}' but found ${describe(this.peek())}`)
    );
  }

  private expectKeyword(keyword: string): SqlToken {
    return (
      this.acceptKeyword(keyword) ??
      this.fail(this.peek(), `Expected ${keyword} but found ${describe(this.peek())}`)
    );
  }

  private isKeywordAt(offset: number, keyword: string): boolean {
    const token = this.tokens[this.index + offset];
    return token?.kind === 'word' && token.text.toUpperCase() === keyword;
  }

  private isSymbolAt(offset: number, symbol: SqlSymbol): boolean {
    const token = this.tokens[this.index + offset];
    return token?.kind === 'symbol' && token.text === symbol;
  }

  private parseOr(): SyntaxNode {
    let left = this.parseAnd();
    while (this.acceptKeyword('OR')) {
      const right = this.parseAnd();
      left = {
        kind: 'or',
        left: this.asCondition(left),
        right: this.asCondition(right),
        position: left.position,
      };
    }
    return left;
  }

  private parseAnd(): SyntaxNode {
    let left = this.parseNot();
    while (this.acceptKeyword('AND')) {
      const right = this.parseNot();
      left = {
        kind: 'and',
        left: this.asCondition(left),
        right: this.asCondition(right),
        position: left.position,
      };
    }
    return left;
  }

  private parseNot(): SyntaxNode {
    const not = this.acceptKeyword('NOT');
    if (!not) return this.parseComparison();
    return { kind: 'not', operand: this.asCondition(this.parseNot()), position: not.position };
  }

  private parseComparison(): SyntaxNode {
    const left = this.parseAdditive();
    const token = this.peek();
    const position = left.position;

    const comparison = token.kind === 'symbol' ? COMPARISONS.get(token.text) : undefined;
    if (comparison) {
      this.index++;
      const right = this.parseAdditive();
      return {
        kind: 'compare',
        operator: comparison,
        left: this.asValue(left),
        right: this.asValue(right),
        position,
      };
    }
    if (this.acceptKeyword('IS')) {
      const negated = this.acceptKeyword('NOT') !== undefined;
      this.expectKeyword('NULL');
      return { kind: 'is-null', negated, operand: this.asValue(left), position };
    }
    // NOT here belongs to NOT IN / NOT LIKE; any other NOT is left for the caller to refuse.
    const negated = this.isKeywordAt(0, 'NOT') && (this.isKeywordAt(1, 'IN') || this.isKeywordAt(1, 'LIKE'));
    if (negated) this.index++;
    if (this.acceptKeyword('IN')) {
      return { kind: 'in', negated, operand: this.asValue(left), list: this.parseInList(), position };
    }
    if (this.acceptKeyword('LIKE')) {
      const pattern = this.parseValue();
      const escape = this.acceptKeyword('ESCAPE') ? this.parseValue() : undefined;
      return { kind: 'like', negated, operand: this.asValue(left), pattern, escape, position };
    }
    return left;
  }

  private parseInList(): ValueNode[] {
    this.expectSymbol('(');
    if (this.isSymbolAt(0, ')')) this.fail(this.peek(), 'IN needs at least one value');
    const list = [this.parseValue()];
    while (this.acceptSymbol(',')) list.push(this.parseValue());
    this.expectSymbol(')');
    return list;
  }

  private parseAdditive(): SyntaxNode {
    let left = this.parseMultiplicative();
    for (;;) {
      const operator = this.acceptArithmetic('+', '-');
      if (!operator) return left;
      const right = this.parseMultiplicative();
      left = {
        kind: 'arithmetic',
        operator,
        left: this.asValue(left),
        right: this.asValue(right),
        position: left.position,
      };
    }
  }

  private parseMultiplicative(): SyntaxNode {
    let left = this.parseUnary();
    for (;;) {
      const operator = this.acceptArithmetic('*', '/', '%');
      if (!operator) return left;
      const right = this.parseUnary();
      left = {
        kind: 'arithmetic',
        operator,
        left: this.asValue(left),
        right: this.asValue(right),
        position: left.position,
      };
    }
  }

  private acceptArithmetic(...operators: ArithmeticOperator[]): ArithmeticOperator | undefined {
    return operators.find((operator) => this.acceptSymbol(operator));
  }

  private parseUnary(): SyntaxNode {
    const sign = this.acceptSymbol('-') ?? this.acceptSymbol('+');
    if (!sign) return this.parsePrimary();
    const operator = sign.kind === 'symbol' && sign.text === '-' ? '-' : '+';
    return { kind: 'unary', operator, operand: this.asValue(this.parseUnary()), position: sign.position };
  }

  private parsePrimary(): SyntaxNode {
    const token = this.peek();
    switch (token.kind) {
      case 'string':
        this.index++;
        return { kind: 'literal', value: { type: 'string', value: token.value }, position: token.position };
      case 'integer':
        this.index++;
        return { kind: 'literal', value: { type: 'int', value: token.value }, position: token.position };
      case 'decimal':
        this.index++;
        return { kind: 'literal', value: { type: 'double', value: token.value }, position: token.position };
      case 'parameter':
        this.index++;
        return { kind: 'parameter', name: token.name, position: token.position };
      case 'quoted-name':
        this.index++;
        return { kind: 'property', scope: 'user', name: token.name, position: token.position };
      case 'word':
        return this.parseWord(token);
      case 'symbol':
        if (token.text === '(') {
          this.index++;
          const inner = this.parseOr();
          this.expectSymbol(')');
          return inner;
        }
        return this.fail(token, `Expected a value but found ${describe(token)}`);
      case 'end':
        return this.fail(token, 'Unexpected end of expression');
    }
  }

  private parseWord(token: Extract<SqlToken, { kind: 'word' }>): SyntaxNode {
    const keyword = token.text.toUpperCase();
    const position = token.position;
    if (keyword === 'TRUE' || keyword === 'FALSE') {
      this.index++;
      return { kind: 'literal', value: { type: 'boolean', value: keyword === 'TRUE' }, position };
    }
    if (keyword === 'NULL') {
      this.index++;
      return { kind: 'literal', value: { type: 'null' }, position };
    }
    if (keyword === 'EXISTS') {
      this.index++;
      this.expectSymbol('(');
      const property = this.parseProperty();
      this.expectSymbol(')');
      return { kind: 'exists', property, position };
    }
    if (RESERVED.has(keyword)) return this.fail(token, `Unexpected keyword ${keyword}`);
    if (this.isSymbolAt(1, '(')) return this.parseFunction(token);
    if (this.isSymbolAt(1, '.')) return this.parseScopedProperty(token);
    this.index++;
    return { kind: 'property', scope: 'user', name: token.text, position };
  }

  private parseFunction(token: Extract<SqlToken, { kind: 'word' }>): ValueNode {
    const name = token.text.toLowerCase();
    if (name !== 'newid' && name !== 'property' && name !== 'p') {
      return this.fail(
        token,
        `Unknown function '${token.text}'; the functions are newid(), property(name) and p(name)`,
      );
    }
    this.index += 2;
    if (name === 'newid') {
      this.expectSymbol(')');
      return { kind: 'new-id', position: token.position };
    }
    const argument = this.parseValue();
    this.expectSymbol(')');
    return { kind: 'dynamic-property', name: argument, position: token.position };
  }

  private parseScopedProperty(scopeToken: Extract<SqlToken, { kind: 'word' }>): PropertyReference {
    const scope = scopeToken.text.toLowerCase();
    if (scope !== 'sys' && scope !== 'user') {
      return this.fail(scopeToken, `Unknown scope '${scopeToken.text}'; the scopes are sys and user`);
    }
    this.index += 2;
    const nameToken = this.peek();
    const name =
      nameToken.kind === 'word'
        ? nameToken.text
        : nameToken.kind === 'quoted-name'
          ? nameToken.name
          : undefined;
    if (name === undefined)
      return this.fail(nameToken, `Expected a property name after '${scopeToken.text}.'`);
    this.index++;
    if (scope === 'user') return { kind: 'property', scope, name, position: scopeToken.position };
    // Azure refuses a system property that does not exist; refusing it here keeps that out of delivery.
    const definition = findSystemProperty(name) ?? this.fail(nameToken, `Unknown system property '${name}'`);
    return { kind: 'property', scope, name: definition.name, position: scopeToken.position };
  }

  private asCondition(node: SyntaxNode): ConditionNode {
    if (isCondition(node)) return node;
    const usableAsCondition =
      node.kind === 'property' || (node.kind === 'literal' && node.value.type === 'boolean');
    if (!usableAsCondition) this.fail(node, 'Expected a condition but found a value');
    return { kind: 'truth-of', value: node, position: node.position };
  }

  private asValue(node: SyntaxNode): ValueNode {
    if (isCondition(node)) return this.fail(node, 'Expected a value but found a condition');
    return node;
  }
}

function describe(token: SqlToken): string {
  switch (token.kind) {
    case 'end':
      return 'end of expression';
    case 'string':
      return `string '${token.value}'`;
    case 'integer':
    case 'decimal':
      return `number ${String(token.value)}`;
    case 'quoted-name':
      return `identifier [${token.name}]`;
    case 'parameter':
      return `parameter ${token.name}`;
    case 'word':
      return RESERVED.has(token.text.toUpperCase())
        ? `keyword ${token.text.toUpperCase()}`
        : `'${token.text}'`;
    case 'symbol':
      return `'${token.text}'`;
  }
}

/** Parses a complete filter expression into its condition. */
export function parseSqlFilter(expression: string): ConditionNode {
  const parser = new SqlParser(expression);
  if (parser.atEnd()) parser.fail(0, 'The filter expression is empty');
  const condition = parser.parseCondition();
  parser.expectEnd();
  return condition;
}
