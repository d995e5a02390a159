/**
 * Turns a LIKE pattern into an anchored regular expression: `%` is any run of characters, `_` exactly
 * one, and the escape character makes the character after it literal. Matching is case-sensitive, as
 * .NET string comparison is. Returns undefined for a pattern that ends in a lone escape character.
 */
export function likePatternToRegExp(pattern: string, escape: string | undefined): RegExp | undefined {
  let source = '';
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index]!;
    if (char === escape) {
      const escaped = pattern[index + 1];
      if (escaped === undefined) return undefined;
      source += literal(escaped);
      index++;
    } else if (char === '%') {
      source += '.*';
    } else if (char === '_') {
      source += '.';
    } else {
      source += literal(char);
    }
  }
  // `s` lets the wildcards match line breaks; no `u`, so `_` is one UTF-16 unit, like a .NET char.
  return new RegExp(`^${source}$`, 's');
}

function literal(char: string): string {
  return char.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}
