import { writeFile } from 'node:fs/promises';
import { openApiDocument } from '../../../shared/http/openapi/openapi-document.js';

/** Where the committed copy of the served OpenAPI document lives. */
export const openApiFile = new URL('../../../../docs/openapi.json', import.meta.url);

/** The document as committed: the served one, pretty-printed. */
export function renderOpenApiDocument(): string {
  return `${JSON.stringify(openApiDocument(), null, 2)}\n`;
}

// `node dist/tests/app/support/write-openapi-document.js` rewrites docs/openapi.json after an API change.
if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replaceAll('\\', '/'))) {
  await writeFile(openApiFile, renderOpenApiDocument());
}
