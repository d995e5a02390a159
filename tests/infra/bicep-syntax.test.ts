import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import {
  bicepFilePaths,
  declarations,
  firstArgument,
  modulePath,
  parseBicep,
  repoRoot,
  stringLiteral,
  syntaxProblems,
} from './support/bicep-tree.js';
import { loadInfra } from './support/infra-files.js';

// Resource types whose newest API version is a preview; every other type must use a stable version.
const previewOnly = new Set(['Microsoft.Insights/diagnosticSettings']);

describe('Bicep files', () => {
  it('parse with no syntax error when read by the Bicep grammar', async () => {
    const infra = await loadInfra();
    assert.ok(bicepFilePaths().includes('infra/main.bicep'), 'infra/main.bicep is among the files checked');
    assert.ok(
      bicepFilePaths().includes('infra/subscriptions.bicep'),
      'infra/subscriptions.bicep is among them',
    );
    const problems = infra.files.flatMap((file) =>
      syntaxProblems(file).map((problem) => `${file.path}:${problem}`),
    );
    assert.deepEqual(problems, []);
  });

  it('report the line of a syntax error when a file is broken', async () => {
    const broken = await parseBicep(
      "param location string =\n\nresource topic 'Microsoft.EventGrid/topics@2025-02-15' = {\n",
    );
    assert.equal(broken.root.hasError, true);
    assert.notDeepEqual(syntaxProblems(broken), []);
  });

  it('use only local module files when a module is declared, since registry modules need the network to build', async () => {
    const infra = await loadInfra();
    const modules = infra.files.flatMap((file) =>
      declarations(file, 'module_declaration').map((module) => ({
        file: file.path,
        path: modulePath(module) ?? '',
      })),
    );
    assert.ok(modules.length > 10, `found ${modules.length} modules`);
    for (const { file, path } of modules) {
      assert.doesNotMatch(path, /^(br|ts)[:/]/, `${file} -> ${path}`);
      assert.ok(existsSync(join(repoRoot, dirname(file), path)), `${file} -> ${path} exists`);
    }
  });

  it('pin every resource to a stable API version when Azure offers one', async () => {
    const infra = await loadInfra();
    for (const resource of infra.resources) {
      const where = `${resource.file}: ${resource.symbol} (${resource.type}@${resource.apiVersion})`;
      assert.match(resource.apiVersion, /^\d{4}-\d{2}-\d{2}(-preview)?$/, where);
      if (!previewOnly.has(resource.type)) assert.doesNotMatch(resource.apiVersion, /preview/, where);
    }
  });

  it('declare the function app with an API version that knows Flex Consumption when it sets functionAppConfig', async () => {
    const infra = await loadInfra();
    const sites = infra.resources.filter(
      (resource) => resource.type === 'Microsoft.Web/sites' && !resource.existing,
    );
    assert.equal(sites.length, 1);
    for (const site of sites) assert.ok(site.apiVersion >= '2024-04-01', `${site.file}: ${site.apiVersion}`);
  });

  it('describe every param when a file declares params', async () => {
    const infra = await loadInfra();
    const params = infra.files.flatMap((file) =>
      declarations(file, 'parameter_declaration').map((param) => ({ file: file.path, param })),
    );
    assert.ok(params.length > 50, `found ${params.length} params`);
    for (const { file, param } of params) {
      const description = stringLiteral(firstArgument(param.decorators.get('description')));
      assert.ok(description !== undefined && description.trim().length > 10, `${file}: param ${param.name}`);
    }
  });
});
