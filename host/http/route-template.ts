import { createRouteConstraint, type RouteConstraint } from './route-constraints.js';

export interface RouteParameter {
  name: string;
  /** `{name?}`; catch-all parameters are optional too. */
  optional: boolean;
  /** `{*name}` or `{**name}`: the rest of the path, slashes included. */
  catchAll: boolean;
  defaultValue: string | undefined;
  constraints: RouteConstraint[];
}

export type RouteSegment =
  { kind: 'literal'; text: string } | { kind: 'parameter'; parameter: RouteParameter };

export interface RouteTemplate {
  text: string;
  segments: RouteSegment[];
}

/**
 * Parses an ASP.NET Core route template, the syntax of `route` on HTTP functions: literal segments,
 * `{name}`, `{name?}`, `{name=default}`, `{*rest}`, and inline constraints `{id:int:min(1)}`. A segment mixing
 * literals and parameters (`file-{id}.txt`) is refused. Throws a message naming the problem.
 */
export function parseRouteTemplate(text: string): RouteTemplate {
  const trimmed = text.replace(/^~?\/+/, '').replace(/\/+$/, '');
  const segments = splitSegments(trimmed).map((parts) => toSegment(parts, text));
  const names = new Set<string>();
  segments.forEach((segment, index) => {
    if (segment.kind !== 'parameter') return;
    const { parameter } = segment;
    const key = parameter.name.toLowerCase();
    if (names.has(key))
      throw new Error(`the route parameter "${parameter.name}" appears more than once in "${text}"`);
    names.add(key);
    if (parameter.catchAll && index !== segments.length - 1) {
      throw new Error(`the catch-all parameter "${parameter.name}" must be the last segment of "${text}"`);
    }
    const followedByRequired = segments
      .slice(index + 1)
      .some(
        (next) =>
          next.kind === 'literal' || (!next.parameter.optional && next.parameter.defaultValue === undefined),
      );
    if (parameter.optional && followedByRequired) {
      throw new Error(`the optional parameter "${parameter.name}" must be at the end of "${text}"`);
    }
  });
  return { text: trimmed, segments };
}

/**
 * Matches decoded path segments against a template; returns the route values (optional parameters without a
 * value are absent), or undefined when the path or a constraint does not match. Literals ignore case.
 */
export function matchRouteTemplate(
  template: RouteTemplate,
  path: string[],
): Record<string, string> | undefined {
  const values: Record<string, string> = {};
  const { segments } = template;
  for (let index = 0; index < segments.length; index++) {
    const segment = segments[index]!;
    if (segment.kind === 'literal') {
      if (path[index]?.toLowerCase() !== segment.text.toLowerCase()) return undefined;
      continue;
    }
    const { parameter } = segment;
    const value = parameter.catchAll ? path.slice(index).join('/') || undefined : path[index];
    const resolved = value ?? parameter.defaultValue;
    if (resolved === undefined) {
      if (!parameter.optional) return undefined;
      continue;
    }
    if (!parameter.constraints.every((constraint) => constraint(resolved))) return undefined;
    values[parameter.name] = resolved;
  }
  const last = segments.at(-1);
  const endsWithCatchAll = last?.kind === 'parameter' && last.parameter.catchAll;
  if (!endsWithCatchAll && path.length > segments.length) return undefined;
  return values;
}

type Part = { kind: 'literal'; text: string } | { kind: 'parameter'; body: string };

/** Splits on "/" outside parameters, turning `{{`/`}}` into literal braces. */
function splitSegments(text: string): Part[][] {
  if (text === '') return [];
  const segments: Part[][] = [[]];
  let literal = '';
  const flushLiteral = (): void => {
    if (literal !== '') segments.at(-1)!.push({ kind: 'literal', text: literal });
    literal = '';
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char === '/') {
      flushLiteral();
      segments.push([]);
    } else if ((char === '{' || char === '}') && text[i + 1] === char) {
      literal += char;
      i++;
    } else if (char === '{') {
      flushLiteral();
      let body = '';
      for (i++; ; i++) {
        if (i >= text.length) throw new Error(`a "{" has no matching "}" in "${text}"`);
        const inner = text[i]!;
        if ((inner === '{' || inner === '}') && text[i + 1] === inner) {
          body += inner;
          i++;
        } else if (inner === '}') {
          break;
        } else {
          body += inner;
        }
      }
      segments.at(-1)!.push({ kind: 'parameter', body });
    } else if (char === '}') {
      throw new Error(`a "}" has no matching "{" in "${text}"`);
    } else {
      literal += char;
    }
  }
  flushLiteral();
  return segments;
}

function toSegment(parts: Part[], template: string): RouteSegment {
  if (parts.length === 0) throw new Error(`"${template}" has an empty segment`);
  if (parts.length > 1) {
    throw new Error(
      `"${template}" mixes literals and parameters in one segment, which this host does not support`,
    );
  }
  const part = parts[0]!;
  return part.kind === 'literal'
    ? { kind: 'literal', text: part.text }
    : { kind: 'parameter', parameter: parseParameter(part.body, template) };
}

/** `[*|**]name[:constraint[(args)]]…[?|=default]` */
function parseParameter(body: string, template: string): RouteParameter {
  let rest = body;
  const catchAll = rest.startsWith('*');
  rest = rest.replace(/^\*{1,2}/, '');
  let optional = false;
  if (rest.endsWith('?')) {
    optional = true;
    rest = rest.slice(0, -1);
  }

  const name = /^[^:=?]*/.exec(rest)![0];
  if (!/^[^/{}*]+$/.test(name)) throw new Error(`"{${body}}" in "${template}" has no valid parameter name`);
  rest = rest.slice(name.length);

  const constraints: RouteConstraint[] = [];
  while (rest.startsWith(':')) {
    const constraintName = /^:([A-Za-z_]\w*)/.exec(rest);
    if (!constraintName) throw new Error(`"{${body}}" in "${template}" has a constraint without a name`);
    rest = rest.slice(constraintName[0].length);
    let args: string | undefined;
    if (rest.startsWith('(')) {
      // As in ASP.NET, the arguments end at the first ")" followed by ":", "=" or the end of the parameter.
      const end = [...rest].findIndex(
        (char, i) => char === ')' && (i + 1 === rest.length || ':='.includes(rest[i + 1]!)),
      );
      if (end < 0)
        throw new Error(`the constraint "${constraintName[1]}" in "${template}" has no closing ")"`);
      args = rest.slice(1, end);
      rest = rest.slice(end + 1);
    }
    constraints.push(createRouteConstraint(constraintName[1]!, args));
  }

  let defaultValue: string | undefined;
  if (rest.startsWith('=')) {
    defaultValue = rest.slice(1);
    rest = '';
  }
  if (rest !== '') throw new Error(`"{${body}}" in "${template}" cannot be parsed near "${rest}"`);
  if (optional && defaultValue !== undefined) {
    throw new Error(`the optional parameter "${name}" in "${template}" cannot have a default value`);
  }
  return { name, optional: optional || catchAll, catchAll, defaultValue, constraints };
}
