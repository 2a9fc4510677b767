import { writeFileSync } from 'node:fs';
import { openApiDocument } from '#shared/http/openapi';

/** `npm run openapi`: rewrites docs/openapi.json from the manifest (a test fails when it is stale). */
writeFileSync(
  new URL('../docs/openapi.json', import.meta.url),
  `${JSON.stringify(openApiDocument(), null, 2)}\n`,
);
console.log('docs/openapi.json written');
