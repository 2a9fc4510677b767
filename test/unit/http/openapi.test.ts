import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '#shared/http/openapi';
import { routes } from '#shared/manifest';

describe('OpenAPI document', () => {
  const doc = openApiDocument() as { paths: Record<string, Record<string, { operationId: string }>> };

  it('has one operation per manifest route', () => {
    const operations = Object.values(doc.paths).flatMap((p) => Object.values(p).map((o) => o.operationId));
    expect(operations.sort()).toEqual(Object.keys(routes).sort());
  });

  it('is committed up to date in docs/openapi.json (run `npm run openapi` after changing a schema)', () => {
    const committed = JSON.parse(
      readFileSync(new URL('../../../docs/openapi.json', import.meta.url), 'utf8'),
    );
    expect(committed).toEqual(JSON.parse(JSON.stringify(doc)));
  });
});
