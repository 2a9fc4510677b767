import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../../../', import.meta.url).pathname;
const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : path.endsWith('.ts') ? [path] : [];
  });
const importsOf = (file: string) =>
  [...readFileSync(file, 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1] as string);

describe('layering', () => {
  it('keeps shared/domain free of AWS, middy, adapters and application code', () => {
    const offending = filesUnder(join(root, 'shared/domain')).flatMap((file) =>
      importsOf(file)
        .filter((spec) =>
          /^@aws-sdk|^@middy|^@aws-lambda-powertools|^aws-cdk-lib|#shared\/(adapters|application|http)/.test(
            spec,
          ),
        )
        .map((spec) => `${relative(root, file)} imports ${spec}`),
    );
    expect(offending).toEqual([]);
  });

  it('keeps the CDK out of the code that runs in Lambda', () => {
    const offending = [...filesUnder(join(root, 'shared')), ...filesUnder(join(root, 'functions'))].flatMap(
      (file) =>
        importsOf(file)
          .filter((spec) => /^aws-cdk-lib|^constructs|#infra\//.test(spec))
          .map((spec) => `${relative(root, file)} imports ${spec}`),
    );
    expect(offending).toEqual([]);
  });
});
