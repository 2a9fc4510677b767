import type { BuildOptions } from 'esbuild';

/**
 * The providers of the AWS SDK's default credential chain that a Lambda function never reaches. The chain
 * (@aws-sdk/credential-provider-node) tries the environment first, and Lambda always puts the function role's
 * credentials there (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN; AWS_PROFILE is never set), so
 * the SSO, shared-file, process, web-identity and container/instance-metadata providers, which the chain loads
 * with `import()` only when the environment has no credentials, are never loaded. Bundled, they and the STS,
 * SSO-OIDC and sign-in clients they use were about 130 KB of every function's bundle; left external, the
 * `import()` stays in the code and is never run. Were a function ever started without credentials in its
 * environment, it would fail with "Cannot find package" where it would otherwise have failed to find credentials.
 */
export const UNREACHED_CREDENTIAL_PROVIDERS = [
  '@aws-sdk/credential-provider-sso',
  '@aws-sdk/credential-provider-ini',
  '@aws-sdk/credential-provider-process',
  '@aws-sdk/credential-provider-web-identity',
  '@aws-sdk/credential-provider-http',
  '@smithy/credential-provider-imds',
] as const;

/** Bundled CommonJS dependencies still call require() for Node built-ins; ESM has no require. */
export const REQUIRE_BANNER =
  "import { createRequire } from 'node:module';const require = createRequire(import.meta.url);";

/**
 * Stack traces at the TypeScript source's positions, with the source map read only when a stack is first
 * formatted. Node's `--enable-source-maps` reads and decodes the bundle's map (about 600 KB) while the bundle
 * loads, in every cold start: a quarter of an HTTP function's init (docs/benchmarks.md, "1. Cold start"). This
 * `Error.prepareStackTrace` (V8's hook, called when an error's `stack` is first read) instead maps each frame of
 * a file that has a `.map` beside it with Node's own decoder (`SourceMap` of node:module), once per container,
 * so the logs still read `shared/http/auth.ts:57:11` rather than `index.mjs:1:20345`. Frames it cannot map stay
 * as V8 prints them. (Node's own default hook is replaced: it would only apply maps read at load.)
 */
export const STACK_SOURCE_MAPS_BANNER = `
import { SourceMap as __sgzSourceMap } from 'node:module';
import { readFileSync as __sgzReadFileSync } from 'node:fs';
{
const maps = new Map();
const mapOf = (file) => {
  if (!maps.has(file)) {
    let map = null;
    try { map = new __sgzSourceMap(JSON.parse(__sgzReadFileSync(new URL(file + '.map'), 'utf8'))); } catch {}
    maps.set(file, map);
  }
  return maps.get(file);
};
const frame = (site) => {
  const text = site.toString();
  const file = site.getFileName();
  const line = site.getLineNumber();
  const column = site.getColumnNumber();
  if (!file || !file.startsWith('file:') || !line || !column) return text;
  const entry = mapOf(file)?.findEntry(line - 1, column - 1);
  if (!entry?.originalSource) return text;
  const source = entry.originalSource.replace(/^(\\.\\.\\/)+/, '');
  return text.replace(file + ':' + line + ':' + column, source + ':' + (entry.originalLine + 1) + ':' + (entry.originalColumn + 1));
};
Error.prepareStackTrace = (error, sites) => {
  let head;
  try { head = String(error); } catch { head = 'Error'; }
  return [head, ...sites.map((site) => '    at ' + frame(site))].join('\\n');
};
}`.replace(/\n\s*/g, '');

/**
 * How every function is bundled: one ESM bundle per handler for Node 22, the AWS SDK inside (the code runs the
 * SDK version it was tested with, not the runtime's) except the unreached credential providers, ESM entry points
 * of dual packages first (so that tree shaking works on them), minified, UTF-8, with a source map but not its
 * sources. app-function.construct.ts passes these to NodejsFunction; `esbuildOptions` gives the same build to
 * esbuild directly (the benchmarks and the bundle tests build the deployed bundles with it).
 */
export const LAMBDA_BUNDLING = {
  target: 'node22',
  mainFields: ['module', 'main'],
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  externalModules: UNREACHED_CREDENTIAL_PROVIDERS,
  // UTF-8 output (the Chinese messages as they are, not \uXXXX escapes): aws-cdk-lib does not pass its `charset`
  // prop on to esbuild, so the flag is given directly.
  esbuildArgs: { '--charset': 'utf8' },
  banner: REQUIRE_BANNER + STACK_SOURCE_MAPS_BANNER,
} as const;

/** The esbuild options NodejsFunction turns LAMBDA_BUNDLING into (aws-cdk-lib lib/bundling.js). */
export function esbuildOptions(): BuildOptions {
  return {
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: LAMBDA_BUNDLING.target,
    mainFields: [...LAMBDA_BUNDLING.mainFields],
    minify: LAMBDA_BUNDLING.minify,
    sourcemap: LAMBDA_BUNDLING.sourceMap,
    sourcesContent: LAMBDA_BUNDLING.sourcesContent,
    external: [...LAMBDA_BUNDLING.externalModules],
    charset: LAMBDA_BUNDLING.esbuildArgs['--charset'],
    banner: { js: LAMBDA_BUNDLING.banner },
    outExtension: { '.js': '.mjs' },
    logLevel: 'warning',
  };
}
