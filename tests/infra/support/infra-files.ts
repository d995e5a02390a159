import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  declarations,
  readAllBicep,
  repoRoot,
  resources,
  type BicepFile,
  type Declaration,
  type ResourceDeclaration,
  type SyntaxNode,
} from './bicep-tree.js';

/** infra/entities.json, in the shape this repository uses (the emulators' Config.json plus `EventGrid`). */
export interface EntitiesFile {
  UserConfig: {
    Namespaces: Array<{
      Name: string;
      Queues: Array<{ Name: string; Properties: Record<string, unknown> }>;
      Topics: unknown[];
    }>;
    NamespaceConfig: Array<{
      Type: string;
      Name: string;
      Entities: Array<
        {
          Name: string;
          PartitionCount: number;
          MessageRetentionInHours?: number;
          ConsumerGroups?: Array<{ Name: string }>;
        } & Record<string, unknown>
      >;
    }>;
    EventGrid: {
      Topics: Array<
        {
          name: string;
          inputSchema: string;
          subscriptions: Array<{
            name: string;
            properties: Record<string, unknown> & {
              destination: {
                endpointType: string;
                properties: Record<string, unknown> & { resourceId: string };
              };
              deadLetterDestination?: { endpointType: string; properties: { blobContainerName: string } };
            };
          }>;
        } & Record<string, unknown>
      >;
    };
  };
}

export function readEntities(): EntitiesFile {
  return JSON.parse(readFileSync(join(repoRoot, 'infra/entities.json'), 'utf8')) as EntitiesFile;
}

export function readRepoText(pathFromRoot: string): string {
  return readFileSync(join(repoRoot, pathFromRoot), 'utf8');
}

export interface Infra {
  readonly files: readonly BicepFile[];
  file(path: string): BicepFile;
  /** Every resource in every file, with the file it is in. */
  readonly resources: ReadonlyArray<ResourceDeclaration & { readonly file: string }>;
  /** A top-level declaration of a file, which must exist. */
  declaration(
    path: string,
    kind: 'parameter_declaration' | 'output_declaration' | 'variable_declaration' | 'module_declaration',
    name: string,
  ): Declaration;
}

let loaded: Promise<Infra> | undefined;

/** Every .bicep file under infra/, parsed once per test file. */
export function loadInfra(): Promise<Infra> {
  loaded ??= readAllBicep().then((files) => {
    const byPath = new Map(files.map((file) => [file.path, file]));
    const file = (path: string): BicepFile => {
      const found = byPath.get(path);
      if (found === undefined)
        throw new Error(`${path} is not among the Bicep files (${[...byPath.keys()].join(', ')})`);
      return found;
    };
    return {
      files,
      file,
      resources: files.flatMap((parsed) =>
        resources(parsed).map((resource) => ({ ...resource, file: parsed.path })),
      ),
      declaration(path, kind, name) {
        const found = declarations(file(path), kind).find((declaration) => declaration.name === name);
        if (found === undefined)
          throw new Error(`${path} declares no ${kind.replace('_declaration', '')} ${name}`);
        return found;
      },
    };
  });
  return loaded;
}

/** The value node a declaration assigns, which must exist. */
export function valueOf(declaration: Declaration): SyntaxNode {
  if (declaration.value === undefined) throw new Error(`${declaration.name} has no value`);
  return declaration.value;
}
