import { cpSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { esbuildOptions } from '#infra/constructs/bundling';
import { jobs, routes, seedHandler, triggers } from '#shared/manifest';

/**
 * The Lambda bundles exactly as the CDK builds them: infra/constructs/bundling.ts holds the options the construct
 * passes to NodejsFunction (LAMBDA_BUNDLING) and the esbuild options they become (`esbuildOptions`), so the
 * benchmark builds what is deployed: one ESM bundle per handler, Node 22, the AWS SDK inside but for the credential
 * providers a Lambda function never reaches, `module` before `main`, minified, UTF-8, with a source map but not
 * its sources, and the `require` banner.
 */
export type FunctionKind = 'http' | 'job' | 'trigger' | 'seed' | 'baseline';

export interface LambdaFunction {
  /** Route id, job id, trigger id, `seed`, or `empty` for the baseline. */
  readonly id: string;
  readonly kind: FunctionKind;
  /** Handler module from the repository root. */
  readonly handler: string;
  readonly bundleFiles?: readonly string[];
}

/** Every function the CDK app deploys, from the manifest: one per route, job and trigger, and the seed. */
export function manifestFunctions(): LambdaFunction[] {
  const fns: LambdaFunction[] = [];
  for (const [id, route] of Object.entries(routes) as [string, { handler: string }][]) {
    fns.push({ id, kind: 'http', handler: route.handler });
  }
  for (const [id, job] of Object.entries(jobs) as [string, { handler: string }][]) {
    fns.push({ id, kind: 'job', handler: job.handler });
  }
  for (const [id, trigger] of Object.entries(triggers) as [
    string,
    { handler: string; bundleFiles?: readonly string[] },
  ][]) {
    fns.push({
      id,
      kind: 'trigger',
      handler: trigger.handler,
      ...(trigger.bundleFiles ? { bundleFiles: trigger.bundleFiles } : {}),
    });
  }
  fns.push({ id: 'seed', kind: 'seed', handler: seedHandler });
  return fns;
}

export interface BuiltFunction extends LambdaFunction {
  /** The bundle (`<outdir>/<kind>/<id>/index.mjs`). */
  readonly file: string;
  /** Bytes of index.mjs as deployed. */
  readonly bytes: number;
  /** Bytes of the source map beside it. */
  readonly mapBytes: number;
  /** What the modules in the bundle contributed, from the esbuild metafile. */
  readonly inputs: Readonly<Record<string, number>>;
}

/**
 * Bundles `fns` into `outdir` (one esbuild build, one entry point per function: no splitting, so each output is
 * the self-contained bundle the CDK would make), copies each function's `bundleFiles` beside its bundle as the
 * construct's afterBundling hook does, and returns the sizes and the metafile's per-module bytes.
 */
export async function bundleFunctions(
  fns: readonly LambdaFunction[],
  outdir: string,
  repoRoot: string,
): Promise<{ built: BuiltFunction[]; metafile: Metafile }> {
  const entry = (f: LambdaFunction) => `${f.kind}/${f.id}/index`;
  const entryPoints = Object.fromEntries(fns.map((f) => [entry(f), resolve(repoRoot, f.handler)]));
  const result = await build({
    ...esbuildOptions(),
    absWorkingDir: repoRoot,
    entryPoints,
    outdir,
    metafile: true,
  });
  const metafile = result.metafile as Metafile;
  const built: BuiltFunction[] = fns.map((f) => {
    const file = join(outdir, `${entry(f)}.mjs`);
    const key = Object.keys(metafile.outputs).find((k) => resolve(repoRoot, k) === file);
    const output = key ? metafile.outputs[key] : undefined;
    if (!output) throw new Error(`esbuild wrote no bundle for ${f.handler}`);
    const mapKey = `${key}.map`;
    const inputs = Object.fromEntries(
      Object.entries(output.inputs).map(([path, input]) => [path, input.bytesInOutput]),
    );
    for (const copy of f.bundleFiles ?? []) {
      const target = join(dirname(file), copy);
      mkdirSync(dirname(target), { recursive: true });
      cpSync(join(repoRoot, copy), target, { recursive: true });
    }
    return { ...f, file, bytes: output.bytes, mapBytes: metafile.outputs[mapKey]?.bytes ?? 0, inputs };
  });
  return { built, metafile };
}

/**
 * The package (or repository folder) a bundled module belongs to: `@aws-sdk/client-s3`, `zod`,
 * `shared/contracts`, `functions/http` …
 */
export function ownerOf(path: string): string {
  const nm = path.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = path.slice(nm + 'node_modules/'.length).split('/');
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : (rest[0] ?? path);
  }
  const parts = path.split('/');
  if (parts[0] === 'shared' && parts.length > 2) return `shared/${parts[1]}`;
  if (parts[0] === 'shared') return 'shared (root)';
  return parts.slice(0, 2).join('/');
}

/** Bytes per owner, largest first. */
export function byOwner(inputs: Readonly<Record<string, number>>): [string, number][] {
  const totals = new Map<string, number>();
  for (const [path, bytes] of Object.entries(inputs)) {
    const owner = ownerOf(path);
    totals.set(owner, (totals.get(owner) ?? 0) + bytes);
  }
  return [...totals].sort((a, b) => b[1] - a[1]);
}

/**
 * A what-if build, to size a fix before making it: the same bundles with the AWS SDK left to the one the Lambda
 * Node.js runtime ships (`@aws-sdk/*` external). Nothing is written; returns the size of each bundle.
 */
export async function sizesWithRuntimeSdk(
  fns: readonly LambdaFunction[],
  outdir: string,
  repoRoot: string,
): Promise<Map<LambdaFunction, number>> {
  const entry = (f: LambdaFunction) => `${f.kind}/${f.id}/index`;
  const result = await build({
    ...esbuildOptions(),
    absWorkingDir: repoRoot,
    entryPoints: Object.fromEntries(fns.map((f) => [entry(f), resolve(repoRoot, f.handler)])),
    outdir,
    sourcemap: false,
    write: false,
    external: ['@aws-sdk/*', '@smithy/*'],
  });
  const sizes = new Map<LambdaFunction, number>();
  for (const f of fns) {
    const out = result.outputFiles.find((o) => o.path === join(outdir, `${entry(f)}.mjs`));
    if (out) sizes.set(f, out.contents.byteLength);
  }
  return sizes;
}
