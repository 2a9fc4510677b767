import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RETRY_AFTER_SECONDS } from '#shared/adapters/store-timeouts';
import { openApiDocument } from '#shared/http/openapi';
import { routes } from '#shared/manifest';

describe('OpenAPI document', () => {
  const doc = openApiDocument() as { paths: Record<string, Record<string, { operationId: string }>> };

  it('has one operation per manifest route', () => {
    const operations = Object.values(doc.paths).flatMap((p) => Object.values(p).map((o) => o.operationId));
    expect(operations.sort()).toEqual(Object.keys(routes).sort());
  });

  it("documents every operation's 503 as the API answers it: STORE_UNAVAILABLE (readiness: NOT_READY) with Retry-After", () => {
    const operations = Object.values(doc.paths).flatMap((p) => Object.values(p)) as unknown as {
      operationId: string;
      responses: Record<string, { description: string; headers?: Record<string, unknown> }>;
    }[];
    for (const operation of operations) {
      const unavailable = operation.responses['503'];
      const code = operation.operationId === 'getReadiness' ? 'NOT_READY' : 'STORE_UNAVAILABLE';
      expect(unavailable?.description, operation.operationId).toContain(`(${code})`);
      expect(unavailable?.headers?.['Retry-After'], operation.operationId).toMatchObject({
        required: true,
        schema: { type: 'integer', const: RETRY_AFTER_SECONDS },
      });
    }
    expect(JSON.stringify(doc)).not.toContain('SERVICE_UNAVAILABLE');
  });

  it('is committed up to date in docs/openapi.json (run `npm run openapi` after changing a schema)', () => {
    const committed = JSON.parse(
      readFileSync(new URL('../../../docs/openapi.json', import.meta.url), 'utf8'),
    );
    expect(committed).toEqual(JSON.parse(JSON.stringify(doc)));
  });
});
