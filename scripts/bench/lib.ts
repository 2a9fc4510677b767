import { spawn } from 'node:child_process';
import { cpus, freemem, loadavg, totalmem } from 'node:os';

/**
 * Shared pieces of `npm run bench` (scripts/bench/index.ts): statistics, tables for the console and for
 * docs/benchmarks.md, the machine, progress output and child processes.
 */

export type Scale = 'full' | 'small';

export interface BenchOptions {
  readonly scale: Scale;
  /** Scratch directory of this run (bundles, generated files, data directories). */
  readonly workDir: string;
}

/** One target of the issue, with its verdict; a missed target says why and what would meet it. */
export interface Target {
  readonly name: string;
  readonly met: boolean;
  readonly detail: string;
  readonly why?: string;
  readonly fix?: string;
}

export interface Section {
  readonly id: string;
  readonly title: string;
  /** Markdown body (tables, notes) for docs/benchmarks.md. */
  readonly markdown: string;
  /** Plain-text body for the console. */
  readonly text: string;
  readonly targets: readonly Target[];
}

// Statistics ---------------------------------------------------------------------------------------------------

export const sorted = (xs: readonly number[]): number[] => [...xs].sort((a, b) => a - b);

/** The median (mean of the two middle values for an even count). */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = sorted(xs);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Nearest-rank percentile: the smallest value with at least p % of the samples at or below it. */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = sorted(xs);
  const rank = Math.max(1, Math.ceil((p / 100) * s.length));
  return s[Math.min(rank, s.length) - 1] as number;
}

export interface Summary {
  readonly n: number;
  readonly median: number;
  readonly p99: number;
  readonly min: number;
  readonly max: number;
}

export const summarize = (xs: readonly number[]): Summary => ({
  n: xs.length,
  median: median(xs),
  p99: percentile(xs, 99),
  min: xs.length ? Math.min(...xs) : Number.NaN,
  max: xs.length ? Math.max(...xs) : Number.NaN,
});

// Formatting ---------------------------------------------------------------------------------------------------

export const fmt = (x: number, digits = 1): string =>
  Number.isFinite(x)
    ? x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : '–';
export const fmtInt = (x: number): string =>
  Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '–';
export const fmtMs = (ms: number): string =>
  !Number.isFinite(ms) ? '–' : ms >= 100 ? fmt(ms, 0) : ms >= 10 ? fmt(ms, 1) : fmt(ms, 2);
export const fmtKB = (bytes: number): string => fmt(bytes / 1024, 0);
export const fmtMB = (bytes: number): string => fmt(bytes / (1024 * 1024), 1);
export const fmtRatio = (r: number): string => (Number.isFinite(r) ? `${fmt(r, 2)}×` : '–');
export const verdict = (met: boolean): string => (met ? 'met' : 'MISSED');

/** A table as Markdown and as aligned plain text. Columns whose header starts with '>' are right-aligned. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]) {
  const right = headers.map((h) => h.startsWith('>'));
  const names = headers.map((h) => (h.startsWith('>') ? h.slice(1) : h));
  const escapeCell = (cell: string) => cell.replace(/\|/g, '\\|');
  const md = [
    `| ${names.map(escapeCell).join(' | ')} |`,
    `| ${right.map((r) => (r ? '---:' : '---')).join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(escapeCell).join(' | ')} |`),
  ].join('\n');
  const width = (s: string) => [...s].reduce((n, ch) => n + (/[\u1100-\uffef]/.test(ch) ? 2 : 1), 0);
  const widths = names.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const pad = (s: string, i: number) => {
    const fill = ' '.repeat(Math.max(0, (widths[i] ?? 0) - width(s)));
    return right[i] ? fill + s : s + fill;
  };
  const text = [
    names.map(pad).join('  '),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.map((row) => row.map((c, i) => pad(c, i)).join('  ')),
  ].join('\n');
  return { md, text };
}

export function targetsTable(targets: readonly Target[]) {
  return table(
    ['target', 'verdict', 'figures'],
    targets.map((t) => [t.name, verdict(t.met), t.detail]),
  );
}

// Machine ------------------------------------------------------------------------------------------------------

export interface Machine {
  readonly cores: number;
  readonly cpuModel: string;
  readonly memoryGb: number;
  readonly freeGb: number;
  readonly node: string;
  readonly platform: string;
  readonly load: readonly number[];
}

export const machine = (): Machine => ({
  cores: cpus().length,
  cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
  memoryGb: totalmem() / 1024 ** 3,
  freeGb: freemem() / 1024 ** 3,
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
  load: loadavg(),
});

// Progress -----------------------------------------------------------------------------------------------------

const started = performance.now();
/** Progress lines go to stderr, so stdout carries only the tables. */
export function progress(message: string): void {
  const s = (performance.now() - started) / 1000;
  process.stderr.write(`[bench ${fmt(s, 0).padStart(5)} s] ${message}\n`);
}

// Child processes ----------------------------------------------------------------------------------------------

export interface ChildResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly wallMs: number;
}

/** Runs a command to completion and collects its output (no shell). */
export function run(
  command: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {},
): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(command, args, {
      cwd: options.cwd ?? process.cwd(),
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    const timer = options.timeoutMs
      ? setTimeout(() => child.kill('SIGKILL'), options.timeoutMs).unref()
      : undefined;
    child.once('error', reject);
    child.once('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, wallMs: performance.now() - t0 });
    });
  });
}

/** A deterministic pseudo-random generator (mulberry32), so every run generates the same data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A deterministic shuffle (Fisher–Yates with `random`). */
export function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** A well-formed ULID whose time part is `ms` and whose random part encodes `n` (unique per n). */
export function fakeUlid(ms: number, n: number): string {
  let time = '';
  let t = ms;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32] + time;
    t = Math.floor(t / 32);
  }
  let rest = '';
  let r = n;
  for (let i = 0; i < 16; i++) {
    rest = CROCKFORD[r % 32] + rest;
    r = Math.floor(r / 32);
  }
  return time + rest;
}
