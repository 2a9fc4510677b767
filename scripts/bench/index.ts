import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchOptions, Scale, Section, Target } from './lib';

/**
 * `npm run bench` (not part of `npm test`): every benchmark of the system on the local runtime, a table per
 * benchmark on stdout, and docs/benchmarks.md with the figures, the machine and the command.
 *
 *   npx tsx scripts/bench/index.ts [--only=coldstart,api,jobs,reports,allocation,portal,imports,briefs,fanout,partitions,costs]
 *                                  [--scale=full|small]
 *                                  [--out=path] [--keep]
 *
 * Timing is always the median and p99 over repeated runs, and a ratio to a baseline measured in the same run:
 * absolute times on a shared machine drift. A full run at national scale writes docs/benchmarks.md; a partial
 * or small run writes its report to the scratch directory unless --out names a file.
 */

// Before any module of the system is loaded: loggers read their level when created, the SDK its region.
process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
process.env.POWERTOOLS_SERVICE_NAME ??= 'sgz-bench';
process.env.AWS_REGION ??= 'cn-north-1';
process.env.AWS_ACCESS_KEY_ID ??= 'local';
process.env.AWS_SECRET_ACCESS_KEY ??= 'local';

const BENCHMARKS = [
  'allocation',
  'coldstart',
  'reports',
  'api',
  'jobs',
  'portal',
  'imports',
  'briefs',
  'fanout',
  'partitions',
  'costs',
] as const;
type BenchmarkId = (typeof BENCHMARKS)[number];

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

function parseArgs(argv: readonly string[]) {
  const flag = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const only = flag('only')
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const id of only ?? []) {
    if (!(BENCHMARKS as readonly string[]).includes(id)) {
      throw new Error(`--only: unknown benchmark "${id}" (known: ${BENCHMARKS.join(', ')})`);
    }
  }
  const scale = (flag('scale') ?? 'full') as Scale;
  if (scale !== 'full' && scale !== 'small') throw new Error(`--scale: full or small, not "${scale}"`);
  return {
    only: (only ?? [...BENCHMARKS]) as BenchmarkId[],
    scale,
    out: flag('out'),
    keep: argv.includes('--keep'),
  };
}

const args = parseArgs(process.argv.slice(2));
const { fmt, machine, progress, targetsTable } = await import('./lib');
const complete = args.only.length === BENCHMARKS.length && args.scale === 'full';
const workDir = mkdtempSync(join(tmpdir(), 'sgz-bench-'));
const options: BenchOptions = { scale: args.scale, workDir };
const before = machine();
const startedAt = new Date();
const command = `npm run bench${process.argv.slice(2).length ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
progress(`${command}: ${args.only.join(', ')} at ${args.scale} scale; scratch ${workDir}`);

const sections: Section[] = [];
const failures: string[] = [];
for (const id of BENCHMARKS.filter((b) => args.only.includes(b))) {
  const t0 = performance.now();
  try {
    const section = await runBenchmark(id);
    sections.push(section);
    process.stdout.write(
      `\n== ${section.title} ==\n\n${section.text}\n\n${targetsTable(section.targets).text}\n`,
    );
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    failures.push(`${id}: ${message}`);
    progress(`${id} FAILED: ${message}`);
  }
  progress(`${id}: ${fmt((performance.now() - t0) / 1000, 0)} s`);
}

async function runBenchmark(id: BenchmarkId): Promise<Section> {
  switch (id) {
    case 'allocation':
      return (await import('./allocation')).runAllocation(options);
    case 'coldstart':
      return (await import('./coldstart')).runColdStart(options, repoRoot);
    case 'reports':
      return (await import('./reports')).runReports(options, repoRoot);
    case 'api':
      return (await import('./api')).runApi(options, repoRoot);
    case 'jobs':
      return (await import('./jobs')).runJobs(options);
    case 'portal':
      return (await import('./portal')).runPortal(options, repoRoot);
    case 'imports':
      return (await import('./imports')).runImports(options, repoRoot);
    case 'briefs':
      return (await import('./briefs')).runBriefs(options);
    case 'fanout':
      return (await import('./fanout')).runFanOut(options);
    case 'partitions':
      return (await import('./partitions')).runPartitions(options);
    case 'costs':
      return (await import('./costs')).runCosts(options);
  }
}

const after = machine();
const totalSeconds = (Date.now() - startedAt.getTime()) / 1000;
// In the issue's order (they run fastest first).
const ISSUE_ORDER = [
  'coldstart',
  'api',
  'jobs',
  'fanout',
  'partitions',
  'costs',
  'reports',
  'allocation',
  'portal',
  'imports',
  'briefs',
];
sections.sort((a, b) => ISSUE_ORDER.indexOf(a.id) - ISSUE_ORDER.indexOf(b.id));
const allTargets: (Target & { section: string })[] = sections.flatMap((s) =>
  s.targets.map((t) => ({ ...t, section: s.title })),
);
const missed = allTargets.filter((t) => !t.met);

const doc = [
  '# Benchmarks',
  '',
  `Generated by \`${command}\` (\`tsx scripts/bench/index.ts\`; not part of \`npm test\`) on ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC, in ${fmt(totalSeconds / 60, 1)} minutes${args.scale === 'small' ? ', at the reduced `--scale=small`' : ''}.`,
  "Every figure comes from this run: timing is the median and p99 over repeated runs and a ratio to a baseline measured in the same run, because absolute times on a shared machine drift. Targets are the issue's; where one is missed the reason and what would meet it are stated below, and no target was changed.",
  '',
  '## Machine',
  '',
  `- ${before.cores} cores (${before.cpuModel}), ${fmt(before.memoryGb, 1)} GB memory, Node ${before.node}, ${before.platform}`,
  `- load average (1/5/15 min) at start ${before.load.map((l) => fmt(l, 2)).join(' / ')}, at end ${after.load.map((l) => fmt(l, 2)).join(' / ')}: the machine is shared (other work ran during the benchmarks), which is why the ratios, not the absolute times, are the figures to compare`,
  '- DynamoDB Local (in memory, Java) and s3rver run on the same two cores as the code under test',
  '',
  '## Running it',
  '',
  "`npm run bench` runs everything at national scale and rewrites this file (Java 17+ for DynamoDB Local, as for `npm test`; no network). `npm run bench -- --scale=small` is a quick check at a twentieth of the data with fewer repetitions, and `--only=coldstart,api,jobs,reports,allocation,portal,imports,briefs` picks benchmarks; those write their report to the system's temporary directory unless `--out=<file>` is given, so this file always holds a complete national run. The code is in `scripts/bench/` (one module per benchmark; `national.ts` generates the national data; `portal.ts` drives Debian's Chromium through playwright-core, as the browser tests do).",
  '',
  '## Targets',
  '',
  table(
    ['benchmark', 'target', 'verdict', 'figures'],
    allTargets.map((t) => [t.section, t.name, t.met ? 'met' : '**missed**', t.detail]),
  ),
  '',
  ...(missed.length
    ? [
        '### Missed targets: why, and what would meet them',
        '',
        ...missed.map(
          (t) =>
            `- **${t.section} — ${t.name}.** ${t.why ?? ''}${t.fix ? ` *What would meet it:* ${t.fix}` : ''}`,
        ),
        '',
      ]
    : []),
  ...(failures.length
    ? ['## Benchmarks that failed to run', '', ...failures.map((f) => `- ${f.split('\n')[0]}`), '']
    : []),
  ...sections.flatMap((s) => [
    `## ${s.title}`,
    '',
    s.markdown,
    '',
    '**Targets**',
    '',
    targetsTable(s.targets).md,
    '',
  ]),
].join('\n');

function table(headers: string[], rows: string[][]): string {
  const esc = (c: string) => c.replace(/\|/g, '\\|');
  return [
    `| ${headers.join(' | ')} |`,
    `| ${headers.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`),
  ].join('\n');
}

const outPath = args.out
  ? resolve(args.out)
  : complete
    ? join(repoRoot, 'docs', 'benchmarks.md')
    : join(tmpdir(), `sgz-bench-${args.scale}-${args.only.join('-')}.md`);
mkdirSync(dirname(outPath), { recursive: true });
writeFileSync(outPath, `${doc}\n`);
process.stdout.write(
  `\n${failures.length ? `${failures.length} benchmark(s) failed: ${failures.map((f) => f.split(':')[0]).join(', ')}; ` : ''}${missed.length ? `${missed.length} target(s) missed: ${missed.map((t) => t.name).join('; ')}` : `all targets ${failures.length ? 'of the benchmarks that ran ' : ''}met`}\n`,
);
process.stdout.write(
  `report written to ${outPath}${complete || args.out ? '' : ' (partial or small run: docs/benchmarks.md left as it was)'}\n`,
);
if (!args.keep) rmSync(workDir, { recursive: true, force: true });
process.exit(failures.length ? 1 : 0);
