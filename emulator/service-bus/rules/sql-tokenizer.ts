import { SqlExpressionError } from './sql-expression-error.js';

export type SqlSymbol =
  '=' | '<>' | '!=' | '>' | '>=' | '<' | '<=' | '+' | '-' | '*' | '/' | '%' | '(' | ')' | ',' | '.' | ';';

/** One lexical unit; `position` is the offset of its first character. */
export type SqlToken =
  /** A regular identifier or a keyword: the parser tells them apart, case-insensitively. */
  | { kind: 'word'; text: string; position: number }
  /** A `[delimited]` or `"quoted"` identifier, already unescaped; never a keyword. */
  | { kind: 'quoted-name'; name: string; position: number }
  | { kind: 'string'; value: string; position: number }
  | { kind: 'integer'; value: bigint; position: number }
  | { kind: 'decimal'; value: number; position: number }
  /** `@name`; `name` keeps the `@`, as the SDKs key their parameter maps. */
  | { kind: 'parameter'; name: string; position: number }
  | { kind: 'symbol'; text: SqlSymbol; position: number }
  | { kind: 'end'; position: number };

const INT64_MAX = 2n ** 63n - 1n;

// Longest first, so `<=` is not read as `<` followed by `=`.
const SYMBOLS: readonly SqlSymbol[] = [
  '<>',
  '!=',
  '>=',
  '<=',
  '=',
  '>',
  '<',
  '+',
  '-',
  '*',
  '/',
  '%',
  '(',
  ')',
  ',',
  '.',
  ';',
];

// Azure's regular identifier: a Unicode letter, then letters, decimal digits or underscores.
const IDENTIFIER = /\p{L}[\p{L}\p{Nd}_]*/uy;
const PARAMETER = /@[\p{L}\p{Nd}_]+/uy;
// Digits with an optional fraction and exponent, or a fraction alone (`.5`).
const NUMBER = /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const WHITESPACE = /\s+/y;

/** Splits a filter or action expression into tokens, ending with one `end` token. */
export function tokenizeSql(expression: string): SqlToken[] {
  const tokens: SqlToken[] = [];
  let position = 0;
  const fail = (at: number, problem: string): never => {
    throw new SqlExpressionError({ expression, position: at, problem });
  };
  const matchAt = (pattern: RegExp): string | undefined => {
    pattern.lastIndex = position;
    return pattern.exec(expression)?.[0];
  };

  while (position < expression.length) {
    const whitespace = matchAt(WHITESPACE);
    if (whitespace !== undefined) {
      position += whitespace.length;
      continue;
    }
    const start = position;
    const char = expression[position] ?? '';

    if (char === "'") {
      const { text, end } = readEnclosed(expression, start, "'", () => fail(start, 'Unterminated string'));
      tokens.push({ kind: 'string', value: text, position: start });
      position = end;
      continue;
    }
    if (char === '[' || char === '"') {
      const closer = char === '[' ? ']' : '"';
      const { text, end } = readEnclosed(expression, start, closer, () =>
        fail(start, `Unterminated identifier: missing ${closer}`),
      );
      if (text.length === 0) fail(start, 'Empty identifier');
      tokens.push({ kind: 'quoted-name', name: text, position: start });
      position = end;
      continue;
    }
    const number = /[\d.]/.test(char) ? matchAt(NUMBER) : undefined;
    if (number !== undefined) {
      tokens.push(numberToken(number, start, fail));
      position += number.length;
      continue;
    }
    const word = matchAt(IDENTIFIER);
    if (word !== undefined) {
      tokens.push({ kind: 'word', text: word, position: start });
      position += word.length;
      continue;
    }
    if (char === '@') {
      const parameter = matchAt(PARAMETER) ?? fail(start, "Expected a parameter name after '@'");
      tokens.push({ kind: 'parameter', name: parameter, position: start });
      position += parameter.length;
      continue;
    }
    const symbol = SYMBOLS.find((candidate) => expression.startsWith(candidate, position));
    if (symbol === undefined) fail(start, `Unexpected character '${char}'`);
    else {
      tokens.push({ kind: 'symbol', text: symbol, position: start });
      position += symbol.length;
    }
  }
  tokens.push({ kind: 'end', position: expression.length });
  return tokens;
}

/** Reads from an opening quote to its closer, where a doubled closer stands for one closer character. */
function readEnclosed(
  expression: string,
  start: number,
  closer: string,
  unterminated: () => never,
): { text: string; end: number } {
  let text = '';
  let position = start + 1;
  for (;;) {
    const next = expression.indexOf(closer, position);
    if (next < 0) return unterminated();
    text += expression.slice(position, next);
    if (expression[next + 1] === closer) {
      text += closer;
      position = next + 2;
    } else {
      return { text, end: next + 1 };
    }
  }
}

function numberToken(text: string, position: number, fail: (at: number, problem: string) => never): SqlToken {
  if (/^\d+$/.test(text)) {
    // Integer constants are Int64 in Azure; a larger one is refused rather than silently rounded.
    const value = BigInt(text);
    if (value > INT64_MAX) fail(position, `Integer constant ${text} is out of the Int64 range`);
    return { kind: 'integer', value, position };
  }
  return { kind: 'decimal', value: Number(text), position };
}
