import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileSqlFilter, SqlExpressionError } from '../../../../emulator/service-bus/rules/sql-filter.js';

type ErrorCase = [expression: string, position: number, problem: RegExp];

const syntaxErrors: readonly ErrorCase[] = [
  ['', 0, /empty/],
  ['   ', 0, /empty/],
  ['color =', 7, /Unexpected end of expression/],
  ["color = 'red", 8, /Unterminated string/],
  ['[color = 1', 0, /Unterminated identifier/],
  ['"color = 1', 0, /Unterminated identifier/],
  ['[] = 1', 0, /Empty identifier/],
  ['color = 1 AND', 13, /Unexpected end of expression/],
  ['(color = 1', 10, /Expected '\)' but found end of expression/],
  ['color = 1)', 9, /Unexpected '\)'/],
  ['color == 1', 7, /Expected a value but found '='/],
  ['color = 1 = 2', 10, /Unexpected '='/],
  ["color = 'red' color = 'blue'", 14, /Unexpected 'color'/],
  ['color NOT = 1', 6, /Unexpected keyword NOT/],
  ['NOT', 3, /Unexpected end of expression/],
  ['color + 1', 0, /Expected a condition but found a value/],
  ['1', 0, /Expected a condition but found a value/],
  ["'red'", 0, /Expected a condition but found a value/],
  ['@flag', 0, /Expected a condition but found a value/],
  ['(1 = 1) + 1 = 2', 1, /Expected a value but found a condition/],
  ['color = (1 = 1)', 9, /Expected a value but found a condition/],
  ['-(1 = 1)', 2, /Expected a value but found a condition/],
  ['EXISTS(color) = TRUE', 0, /Expected a value but found a condition/],
  ['NOT 5', 4, /Expected a condition but found a value/],
  ['1 = 1 AND 5', 10, /Expected a condition but found a value/],
  ['color IN ()', 10, /at least one value/],
  ["color IN 'red'", 9, /Expected '\('/],
  ["color IN ('red'", 15, /Expected '\)'/],
  ['color IN (1 = 1)', 12, /Expected '\)' but found '='/],
  ["color LIKE 'a' ESCAPE 'ab'", 22, /exactly one character/],
  ["color LIKE 'a' ESCAPE ''", 22, /exactly one character/],
  ["color LIKE 'a!' ESCAPE '!'", 11, /ends with its escape character/],
  ['color LIKE 5', 11, /LIKE pattern must be a string/],
  ["color LIKE 'a' ESCAPE 1", 22, /ESCAPE character must be a string/],
  ['color LIKE', 10, /Unexpected end of expression/],
  ['color IS 1', 9, /Expected NULL/],
  ['color IS NOT', 12, /Expected NULL/],
  ["sys.Colour = 'red'", 4, /Unknown system property 'Colour'/],
  ['foo.color = 1', 0, /Unknown scope 'foo'/],
  ['user. = 1', 6, /Expected a property name after 'user\.'/],
  ['AND = 1', 0, /Unexpected keyword AND/],
  ['color = AND', 8, /Unexpected keyword AND/],
  ['color = 1 # 2', 10, /Unexpected character '#'/],
  ['_color = 1', 0, /Unexpected character '_'/],
  ['color = !1', 8, /Unexpected character '!'/],
  ['color = @', 8, /parameter name/],
  ['color = @p', 8, /No value was given for parameter @p/],
  ['EXISTS(1)', 7, /Expected a property name/],
  ['EXISTS color', 7, /Expected '\('/],
  ["upper(color) = 'RED'", 0, /Unknown function 'upper'/],
  ['newid(1) = 1', 6, /Expected '\)'/],
  ['quantity = 9223372036854775808', 11, /out of the Int64 range/],
];

describe('SQL filter syntax errors', () => {
  for (const [expression, position, problem] of syntaxErrors) {
    it(`refuses at position ${position} when the filter is ${JSON.stringify(expression)}`, () => {
      assert.throws(
        () => compileSqlFilter(expression),
        (error: unknown) =>
          error instanceof SqlExpressionError && error.position === position && problem.test(error.message),
      );
    });
  }

  it('reports the position, the expression and a readable message when an expression is refused', () => {
    assert.throws(() => compileSqlFilter("color = 'red' AND AND"), {
      name: 'SqlExpressionError',
      position: 18,
      expression: "color = 'red' AND AND",
      message: `Unexpected keyword AND at position 18 in SQL expression "color = 'red' AND AND"`,
    });
  });

  it('accepts the expression when a parameter supplies the value it names', () => {
    assert.doesNotThrow(() => compileSqlFilter('color = @p', { parameters: { '@p': 'red' } }));
  });
});
