import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { openApiDocument } from '../../../shared/http/openapi/openapi-document.js';

/** Where the committed copy of the served OpenAPI document lives. */
export const openApiFile = new URL('../../../../docs/openapi.json', import.meta.url);

// `node dist/tests/app/support/write-openapi-document.js` rewrites docs/openapi.json after an API change, formatted
// as the repository's Prettier settings want it.
if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replaceAll('\\', '/'))) {
  const file = fileURLToPath(openApiFile);
  const options = (await resolveConfig(file)) ?? {};
  await writeFile(file, await format(JSON.stringify(openApiDocument()), { ...options, parser: 'json' }));
}
