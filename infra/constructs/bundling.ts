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
  banner: REQUIRE_BANNER,
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
