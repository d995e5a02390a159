import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import Parser from 'web-tree-sitter';

export type SyntaxNode = Parser.SyntaxNode;

/** The repository root, from dist/tests/infra/support/. */
export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
export const infraDir = join(repoRoot, 'infra');

const require = createRequire(import.meta.url);
let parserPromise: Promise<Parser> | undefined;

/** The Bicep grammar of tree-sitter-bicep, loaded once (its WebAssembly build: no native code). */
export function bicepParser(): Promise<Parser> {
  parserPromise ??= (async () => {
    await Parser.init();
    const grammar = await Parser.Language.load(require.resolve('tree-sitter-bicep/tree-sitter-bicep.wasm'));
    const parser = new Parser();
    parser.setLanguage(grammar);
    return parser;
  })();
  return parserPromise;
}

export interface BicepFile {
  /** Relative to the repository root, with forward slashes. */
  readonly path: string;
  readonly text: string;
  readonly root: SyntaxNode;
}

export async function parseBicep(text: string, path = '<inline>'): Promise<BicepFile> {
  const parser = await bicepParser();
  return { path, text, root: parser.parse(text).rootNode };
}

export async function readBicep(pathFromRoot: string): Promise<BicepFile> {
  return parseBicep(readFileSync(join(repoRoot, pathFromRoot), 'utf8'), pathFromRoot);
}

/** Every .bicep file under infra/, relative to the repository root. */
export function bicepFilePaths(): string[] {
  const found: string[] = [];
  const walk = (directory: string): void => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.bicep')) found.push(relative(repoRoot, path).split('\\').join('/'));
    }
  };
  walk(infraDir);
  return found.sort();
}

export async function readAllBicep(): Promise<BicepFile[]> {
  return Promise.all(bicepFilePaths().map((path) => readBicep(path)));
}

/** Where the parser gave up or inserted a missing token, as `line:column what`. */
export function syntaxProblems(file: BicepFile): string[] {
  return descendants(file.root)
    .filter((node) => node.isError || node.isMissing)
    .map((node) => {
      const at = `${node.startPosition.row + 1}:${node.startPosition.column + 1}`;
      return node.isMissing
        ? `${at} missing ${node.type}`
        : `${at} unexpected ${JSON.stringify(node.text.slice(0, 40))}`;
    });
}

/** The node and everything under it, anonymous tokens included, in document order. */
export function descendants(node: SyntaxNode): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  const pending = [node];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    found.push(next);
    pending.push(...[...next.children].reverse());
  }
  return found;
}

/** The text of a string literal, or undefined when it is not one (an interpolation, an expression). */
export function stringLiteral(node: SyntaxNode | undefined): string | undefined {
  if (node?.type !== 'string') return undefined;
  if (node.namedChildren.some((child) => child.type === 'interpolation')) return undefined;
  return node.namedChildren
    .map((child) => (child.type === 'escape_sequence' ? unescape(child.text) : child.text))
    .join('');
}

function unescape(sequence: string): string {
  const escaped: Record<string, string> = {
    "\\'": "'",
    '\\\\': '\\',
    '\\n': '\n',
    '\\r': '\r',
    '\\t': '\t',
    '\\$': '$',
  };
  return escaped[sequence] ?? sequence;
}

/** The key of an object property, unquoted. */
export function propertyKey(property: SyntaxNode): string | undefined {
  const key = property.namedChildren[0];
  if (key === undefined) return undefined;
  if (key.type === 'string') return stringLiteral(key);
  return key.type === 'compatible_identifier' ? key.text.replace(/\?$/, '') : key.text;
}

/** The key/value pairs of an object literal, in order. */
export function objectEntries(object: SyntaxNode): Array<{ key: string; value: SyntaxNode }> {
  return object.namedChildren
    .filter(
      (child) => child.type === 'object_property' && child.namedChildren[0]?.type !== 'resource_declaration',
    )
    .flatMap((property) => {
      const key = propertyKey(property);
      const value = property.namedChildren[1];
      return key === undefined || value === undefined ? [] : [{ key, value }];
    });
}

/** The value at a key path in nested object literals; keys compare case-insensitively, as ARM does. */
export function valueAt(object: SyntaxNode | undefined, path: readonly string[]): SyntaxNode | undefined {
  let current = object;
  for (const key of path) {
    if (current?.type !== 'object') return undefined;
    current = objectEntries(current).find((entry) => entry.key.toLowerCase() === key.toLowerCase())?.value;
  }
  return current;
}

/** The object a declaration assigns: directly, under `if (...)`, or as the body of `[for ...: ...]`. */
function declaredObject(value: SyntaxNode | undefined): SyntaxNode | undefined {
  if (value === undefined) return undefined;
  if (value.type === 'object') return value;
  if (value.type === 'if_statement') return value.namedChildren.find((child) => child.type === 'object');
  if (value.type === 'for_statement') return declaredObject(value.childForFieldName('body') ?? undefined);
  return undefined;
}

export interface ResourceDeclaration {
  readonly symbol: string;
  /** The full type, nested children included: `Microsoft.ServiceBus/namespaces/queues`. */
  readonly type: string;
  readonly apiVersion: string;
  readonly existing: boolean;
  readonly body: SyntaxNode | undefined;
  readonly node: SyntaxNode;
}

/** Every resource declared in a file, nested ones with their parent's type and API version. */
export function resources(file: BicepFile): ResourceDeclaration[] {
  const found: ResourceDeclaration[] = [];
  const visit = (node: SyntaxNode, parent: ResourceDeclaration | undefined): void => {
    for (const child of node.namedChildren) {
      if (child.type === 'resource_declaration') {
        const declaration = resourceDeclaration(child, parent);
        found.push(declaration);
        if (declaration.body !== undefined) visit(declaration.body, declaration);
      } else if (child.type === 'object_property') {
        visit(child, parent);
      } else if (child.type === 'declaration' || child.type === 'statement') {
        visit(child, parent);
      }
    }
  };
  visit(file.root, undefined);
  return found;
}

function resourceDeclaration(node: SyntaxNode, parent: ResourceDeclaration | undefined): ResourceDeclaration {
  const [identifier, typeString] = node.namedChildren;
  const [typeName = '', apiVersion] = (stringLiteral(typeString) ?? '').split('@');
  const body = declaredObject(node.namedChildren[node.namedChildren.length - 1]);
  return {
    symbol: identifier?.text ?? '',
    type: parent !== undefined && !typeName.includes('/') ? `${parent.type}/${typeName}` : typeName,
    apiVersion: apiVersion ?? parent?.apiVersion ?? '',
    existing: node.children.some((child) => child.type === 'existing'),
    body,
    node,
  };
}

export interface Declaration {
  readonly name: string;
  readonly node: SyntaxNode;
  /** The declared type (params, outputs) as written. */
  readonly typeText: string | undefined;
  /** The assigned value or default. */
  readonly value: SyntaxNode | undefined;
  /** Decorator calls written just above the declaration, by function name. */
  readonly decorators: ReadonlyMap<string, SyntaxNode>;
}

/** Top-level params, outputs, vars or modules, with their decorators. */
export function declarations(
  file: BicepFile,
  kind: 'parameter_declaration' | 'output_declaration' | 'variable_declaration' | 'module_declaration',
): Declaration[] {
  const statements = topLevelStatements(file);
  return statements.flatMap((node, index) => {
    if (node.type !== kind) return [];
    const children = node.namedChildren;
    const typeNode = children.find((child) => child.type === 'type');
    const value =
      kind === 'module_declaration' ? children[2] : children.find((child, i) => i > 0 && child !== typeNode);
    return [
      {
        name: children[0]?.text ?? '',
        node,
        typeText: typeNode?.text,
        value: kind === 'module_declaration' ? declaredObject(value) : value,
        decorators: decoratorsBefore(statements, index),
      },
    ];
  });
}

/** A module's path: `'modules/storage.bicep'`. */
export function modulePath(module: Declaration): string | undefined {
  return stringLiteral(module.node.namedChildren[1]);
}

/** Whether a module declaration is conditional (`= if (...) { ... }`), and its condition. */
export function moduleCondition(module: Declaration): SyntaxNode | undefined {
  const value = module.node.namedChildren[2];
  return value?.type === 'if_statement' ? value.namedChildren[0] : undefined;
}

function topLevelStatements(file: BicepFile): SyntaxNode[] {
  const flattened: SyntaxNode[] = [];
  for (const child of file.root.namedChildren) {
    if (child.type === 'comment' || child.type === 'diagnostic_comment') continue;
    if (child.type === 'statement' || child.type === 'declaration') flattened.push(...child.namedChildren);
    else flattened.push(child);
  }
  return flattened.flatMap((node) => (node.type === 'declaration' ? node.namedChildren : [node]));
}

function decoratorsBefore(statements: SyntaxNode[], index: number): ReadonlyMap<string, SyntaxNode> {
  const found = new Map<string, SyntaxNode>();
  const previous = statements[index - 1];
  if (previous?.type !== 'decorators') return found;
  for (const decorator of previous.namedChildren) {
    const call = decorator.namedChildren[0];
    const name = call?.childForFieldName('function')?.text;
    if (call !== undefined && name !== undefined) found.set(name, call);
  }
  return found;
}

/** The first argument of a decorator or function call. */
export function firstArgument(call: SyntaxNode | undefined): SyntaxNode | undefined {
  return call?.childForFieldName('arguments')?.namedChildren[0];
}

/** Calls anywhere in the file, with the called name (`listKeys`, or `storage.listKeys` as `listKeys`). */
export function calls(file: BicepFile): Array<{ name: string; node: SyntaxNode }> {
  return descendants(file.root)
    .filter((node) => node.type === 'call_expression')
    .map((node) => {
      const callee = node.childForFieldName('function');
      const name =
        callee?.type === 'member_expression'
          ? (callee.childForFieldName('property')?.text ?? '')
          : (callee?.text ?? '');
      return { name, node };
    });
}

/** Every identifier and property name in an expression, as written. */
export function referencedNames(node: SyntaxNode): string[] {
  return descendants(node)
    .filter((child) => child.type === 'identifier' || child.type === 'property_identifier')
    .map((child) => child.text);
}

/** The elements of an array literal. */
export function arrayElements(node: SyntaxNode | undefined): SyntaxNode[] {
  return node?.type === 'array' ? node.namedChildren.filter((child) => child.type !== 'decorators') : [];
}
