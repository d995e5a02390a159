/** Tests one route value; built from an inline constraint such as `int`, `length(3)` or `regex(^a)`. */
export type RouteConstraint = (value: string) => boolean;

const int32 = { min: -(2n ** 31n), max: 2n ** 31n - 1n };
const int64 = { min: -(2n ** 63n), max: 2n ** 63n - 1n };

/**
 * The inline constraints of ASP.NET Core routing, which the Functions host uses for HTTP routes, with the same
 * invariant-culture parsing: `{id:int}`, `{id:guid}`, `{name:alpha}`, `{code:length(3)}`, `{n:range(1,9)}`, …
 * Throws a message naming the constraint when it is unknown or its arguments are wrong.
 */
export function createRouteConstraint(name: string, argumentText: string | undefined): RouteConstraint {
  const args = argumentText === undefined ? [] : argumentText.split(',').map((arg) => arg.trim());
  const numbers = (count: number[]): bigint[] => {
    if (!count.includes(args.length) || !args.every((arg) => /^[+-]?\d+$/.test(arg))) {
      throw new Error(`the route constraint "${name}" needs ${count.join(' or ')} whole-number argument(s)`);
    }
    return args.map((arg) => BigInt(arg));
  };
  const noArguments = (constraint: RouteConstraint): RouteConstraint => {
    if (argumentText !== undefined) throw new Error(`the route constraint "${name}" takes no arguments`);
    return constraint;
  };

  switch (name.toLowerCase()) {
    case 'int':
      return noArguments((value) => inRange(parseInteger(value), int32.min, int32.max));
    case 'long':
      return noArguments((value) => inRange(parseInteger(value), int64.min, int64.max));
    case 'bool':
      return noArguments((value) => /^\s*(true|false)\s*$/i.test(value));
    case 'guid':
      return noArguments(isGuid);
    case 'alpha':
      return noArguments((value) => /^[a-z]*$/i.test(value));
    case 'double':
    case 'float':
    case 'decimal':
      return noArguments((value) => /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(value));
    case 'datetime':
      return noArguments((value) => value.trim() !== '' && !Number.isNaN(Date.parse(value)));
    case 'required':
      return noArguments((value) => value !== '');
    case 'length': {
      const [min, max] = numbers([1, 2]);
      return (value) => inRange(BigInt(value.length), min!, max ?? min!);
    }
    case 'minlength': {
      const [min] = numbers([1]);
      return (value) => BigInt(value.length) >= min!;
    }
    case 'maxlength': {
      const [max] = numbers([1]);
      return (value) => BigInt(value.length) <= max!;
    }
    case 'min': {
      const [min] = numbers([1]);
      return (value) => inRange(parseInteger(value), min!, int64.max);
    }
    case 'max': {
      const [max] = numbers([1]);
      return (value) => inRange(parseInteger(value), int64.min, max!);
    }
    case 'range': {
      const [min, max] = numbers([2]);
      return (value) => inRange(parseInteger(value), min!, max!);
    }
    case 'regex': {
      if (!argumentText) throw new Error('the route constraint "regex" needs a pattern');
      let pattern: RegExp;
      try {
        // ASP.NET tests the pattern anywhere in the value, ignoring case; anchor it with ^ and $ to match it all.
        pattern = new RegExp(argumentText, 'i');
      } catch (error) {
        throw new Error(
          `the route constraint "regex(${argumentText})" is not a valid pattern: ${(error as Error).message}`,
        );
      }
      return (value) => pattern.test(value);
    }
    default:
      throw new Error(`the route constraint "${name}" is not known`);
  }
}

function parseInteger(value: string): bigint | undefined {
  const match = /^\s*([+-]?\d+)\s*$/.exec(value);
  return match ? BigInt(match[1]!) : undefined;
}

function inRange(value: bigint | undefined, min: bigint, max: bigint): boolean {
  return value !== undefined && value >= min && value <= max;
}

const hex = '[0-9a-f]';
const dashed = `${hex}{8}-${hex}{4}-${hex}{4}-${hex}{4}-${hex}{12}`;
const guidPattern = new RegExp(`^\\s*(${hex}{32}|${dashed}|\\{${dashed}\\}|\\(${dashed}\\))\\s*$`, 'i');

/** `Guid.TryParse` formats N, D, B and P. */
function isGuid(value: string): boolean {
  return guidPattern.test(value);
}
