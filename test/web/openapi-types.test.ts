import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The portal's client is typed from docs/openapi.json (web/src/services/api.d.ts, by openapi-typescript): when the
 * spec changes and the types were not regenerated (`npm run web:types`), this fails.
 */
describe('the portal’s generated API types', () => {
  it('match docs/openapi.json as openapi-typescript generates them now', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sgz-web-types-'));
    try {
      const out = join(dir, 'api.d.ts');
      const cli = resolve('web/node_modules/openapi-typescript/bin/cli.js');
      execFileSync(process.execPath, [cli, resolve('docs/openapi.json'), '-o', out], { stdio: 'pipe' });
      const committed = readFileSync(resolve('web/src/services/api.d.ts'), 'utf8');
      expect(
        readFileSync(out, 'utf8') === committed,
        'web/src/services/api.d.ts is out of date: run `npm run web:types` and commit it',
      ).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
