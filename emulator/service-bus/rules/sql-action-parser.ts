import { SqlParser } from './sql-parser.js';
import type { ActionStatement } from './sql-syntax.js';

/**
 * Parses a rule action: `SET <property> = <expression>` and `REMOVE <property>` statements. The
 * documented grammar separates statements with commas and allows a semicolon after each; Azure's own
 * samples separate them with semicolons alone, so either (or both) is accepted between statements.
 */
export function parseSqlAction(expression: string): ActionStatement[] {
  const parser = new SqlParser(expression);
  if (parser.atEnd()) parser.fail(0, 'The action expression is empty');
  const statements: ActionStatement[] = [];
  for (;;) {
    statements.push(parseStatement(parser));
    const semicolon = parser.acceptSymbol(';');
    const comma = parser.acceptSymbol(',');
    if (parser.atEnd() && !comma) return statements;
    if (!semicolon && !comma) parser.fail(parser.peek(), "Expected ';' or ',' between statements");
  }
}

function parseStatement(parser: SqlParser): ActionStatement {
  const start = parser.peek();
  if (parser.acceptKeyword('SET')) {
    const target = parser.parseProperty();
    if (!parser.acceptSymbol('=')) parser.fail(parser.peek(), "Expected '=' after the property to SET");
    return { kind: 'set', target, value: parser.parseValue(), position: start.position };
  }
  if (parser.acceptKeyword('REMOVE')) {
    return { kind: 'remove', target: parser.parseProperty(), position: start.position };
  }
  return parser.fail(start, 'Expected SET or REMOVE');
}
