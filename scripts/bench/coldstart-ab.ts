import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleFunctions, manifestFunctions } from './bundle';
import { median, prng, run, shuffle } from './lib';

/**
 * Cold start, before and after a change, in one run: the HTTP functions bundled from another checkout of the
 * repository (`<base>`, e.g. a `git worktree` of main) and from this one, with the deployed options, then each
 * bundle loaded in a fresh `node` process as coldstart.ts does (with `--enable-source-maps` for a checkout whose
 * functions are deployed with it, as before the banner mapped stacks itself), both sets and an empty handler
 * interleaved in a new order each round, so that the drift of a shared machine falls on both alike.
 *
 *   npx tsx scripts/bench/coldstart-ab.ts <base checkout> [rounds=2] [every=1]
 *
 * `every=4` probes every 4th HTTP function (fewer processes on a busy machine). Prints JSON: the empty handler's
 * init median, and for each set the median and max over the functions of (init median ÷ the empty handler's).
 */
const [baseRoot, roundsArg = '2', everyArg = '1'] = process.argv.slice(2);
if (!baseRoot) throw new Error('usage: coldstart-ab.ts <base checkout> [rounds] [every]');
const rounds = Number(roundsArg);
const every = Number(everyArg);
const out = join(process.env.TMPDIR ?? '/tmp', 'sgz-coldstart-ab');
const fns = manifestFunctions()
  .filter((f) => f.kind === 'http')
  .filter((_f, i) => i % every === 0);
writeFileSync(`${out}-empty.ts`, 'export const handler = async () => ({ statusCode: 200, body: "" });\n');
const empty = { id: 'empty', kind: 'baseline', handler: `${out}-empty.ts` } as const;
const base = await bundleFunctions([empty, ...fns], join(out, 'base'), baseRoot);
const after = await bundleFunctions(fns, join(out, 'after'), process.cwd());

const PROBE = [
  'const t0 = performance.now();',
  'const m = await import(process.argv[1]);',
  'const t1 = performance.now();',
  "if (typeof m.handler !== 'function') throw new Error('no handler export');",
  'process.stdout.write(JSON.stringify({ ready: t1 }));',
  'process.exit(0);',
].join('\n');
const env = {
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
/** Whether a checkout deploys its functions with NODE_OPTIONS=--enable-source-maps (before the banner did it). */
const readsMapsAtStart = (root: string) =>
  readFileSync(join(root, 'infra/constructs/app-function.construct.ts'), 'utf8').includes(
    "'--enable-source-maps'",
  );
const nodeFlags = {
  empty: [],
  base: readsMapsAtStart(baseRoot) ? ['--enable-source-maps'] : [],
  after: readsMapsAtStart('.') ? ['--enable-source-maps'] : [],
};
const probe = async (file: string, set: keyof typeof nodeFlags): Promise<number> => {
  const flags = [...nodeFlags[set], '--input-type=module', '-e', PROBE, pathToFileURL(file).href];
  const r = await run(process.execPath, flags, { env, timeoutMs: 60_000 });
  if (r.code !== 0) throw new Error(`loading ${file} failed: ${r.stderr.slice(0, 500)}`);
  return (JSON.parse(r.stdout) as { ready: number }).ready;
};

type ProbeSet = keyof typeof nodeFlags;
const all: { key: string; file: string; set: ProbeSet }[] = [
  ...base.built.map((b) => ({
    key: `base:${b.id}`,
    file: b.file,
    set: b.id === 'empty' ? ('empty' as const) : ('base' as const),
  })),
  ...after.built.map((b) => ({ key: `after:${b.id}`, file: b.file, set: 'after' as const })),
];
const samples = new Map<string, number[]>();
const random = prng(11);
for (let r = 1; r <= rounds; r++) {
  for (const { key, file, set } of shuffle(all, random))
    samples.set(key, [...(samples.get(key) ?? []), await probe(file, set)]);
  process.stderr.write(`coldstart-ab: round ${r}/${rounds} (${all.length} processes)\n`);
}
const emptyMs = median(samples.get('base:empty') ?? []);
const summary = (set: string, built: typeof after.built) => {
  const ratios = fns.map((f) => median(samples.get(`${set}:${f.id}`) ?? []) / emptyMs);
  const kb = built.filter((b) => b.kind === 'http').map((b) => b.bytes / 1024);
  return {
    medianRatio: median(ratios),
    maxRatio: Math.max(...ratios),
    medianKB: median(kb),
    maxKB: Math.max(...kb),
  };
};
process.stdout.write(
  `${JSON.stringify({ functions: fns.length, rounds, emptyMs, base: summary('base', base.built), after: summary('after', after.built) }, null, 1)}\n`,
);
