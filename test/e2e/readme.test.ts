import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyShiftedToday } from '#infra/local/shifted-clock';
import { resetClock } from '#shared/clock';
import { startTestRuntime } from '#test/helpers/runtime';

/**
 * Issue 18, item 7: the README runs as written. The shell blocks of the README's "Demo walkthrough" section run, in
 * order, in one bash process (so `TOKEN`, `SID`, `CID`… carry from block to block, as in a user's terminal), against
 * a fresh local system started as of the walkthrough's day, and the test fails when a block does not do what its
 * comments say.
 *
 * The README's conventions, which this test enforces:
 * - Every ```bash or ```sh block of the "## Demo walkthrough" section runs, unless the line just before it is
 *   `<!-- readme-test: skip (why) -->` (the `npm start` block: the test starts the system itself). Blocks of other
 *   sections (Quick start, Deploy and remove: they start servers or need AWS) are not run.
 * - The skipped start block reads `SGZ_TODAY=YYYY-MM-DD npm start`: the system runs as of that day, here as there.
 * - The blocks run with `set -euo pipefail`: a command that fails stops the run, naming the README line.
 * - Every `curl` must answer 2xx, unless its command's last line ends with a comment `# → NNN` (e.g. `# → 409`):
 *   then it must answer exactly that status. `# → 201` states a success status exactly.
 * - A result the comments promise is checked in the block itself with `jq -e` (exits non-zero when false).
 * - Ids are taken from the answers (`SID=$(… | jq -r .id)`), never typed in.
 * - `localhost:3000` is the local system's address; the test puts its own port there.
 */
const root = new URL('../../', import.meta.url).pathname;
const README = join(root, 'README.md');
const SECTION = '## Demo walkthrough';
const SKIP = /^<!--\s*readme-test:\s*skip\b.*-->$/;

interface ShellBlock {
  /** The README line of the block's first command (1-based). */
  readonly line: number;
  readonly lines: readonly string[];
  readonly skipped: boolean;
}

/** The ```bash/```sh blocks of the walkthrough section, with their README line numbers and skip markers. */
function walkthroughBlocks(markdown: string): ShellBlock[] {
  const lines = markdown.split('\n');
  const start = lines.indexOf(SECTION);
  if (start < 0) throw new Error(`README.md has no "${SECTION}" section`);
  const blocks: ShellBlock[] = [];
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (/^## /.test(line)) break;
    if (!/^```(bash|sh)\s*$/.test(line)) continue;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !/^```\s*$/.test(lines[j] ?? ''); j++) body.push(lines[j] ?? '');
    let before = i - 1;
    while (before > start && (lines[before] ?? '').trim() === '') before--;
    blocks.push({ line: i + 2, lines: body, skipped: SKIP.test((lines[before] ?? '').trim()) });
    i = j;
  }
  return blocks;
}

/** `# → NNN` at the end of a line: the status the curl command ending there must answer. */
const EXPECTED_STATUS = /#\s*→\s*(\d{3})\b/;

/**
 * The script bash runs: test/helpers/readme-prelude.sh (strict mode, a `curl` that checks the status, a trap naming the failing line),
 * then the blocks with `localhost:3000` pointed at the test's system. Returns the script and, per script line, the
 * README line it came from.
 */
function buildScript(blocks: readonly ShellBlock[], port: number): { script: string; origin: number[] } {
  const out: string[] = [];
  const origin: number[] = [];
  const push = (text: string, readmeLine = 0) => {
    out.push(text);
    origin.push(readmeLine);
  };
  const expectations: string[] = [];
  const prelude = readFileSync(join(root, 'test/helpers/readme-prelude.sh'), 'utf8').trimEnd().split('\n');
  for (const line of prelude) push(line);
  const expectAt = out.length;
  push(''); // replaced by the expectations file once the script's line numbers are known
  blocks.forEach((block, b) => {
    if (block.skipped) return;
    push(`# README.md:${block.line}`, block.line);
    let commandStart = out.length + 1;
    block.lines.forEach((text, k) => {
      const readmeLine = block.line + k;
      push(text.replaceAll('localhost:3000', `localhost:${port}`), readmeLine);
      const expected = EXPECTED_STATUS.exec(text);
      // The command the comment closes starts at the last line that opened a curl call.
      if (/(^|[\s($;|])curl\s/.test(text.replace(/#.*$/, ''))) commandStart = out.length;
      if (expected) expectations.push(`${commandStart} ${out.length} ${expected[1]}`);
    });
    push(`echo "readme-test: block ${b} done"`, block.line);
  });
  out[expectAt] = `printf '%s\\n' ${expectations.map((e) => `'${e}'`).join(' ')} > "$READMETEST_TMP/expect"`;
  return { script: `${out.join('\n')}\n`, origin };
}

/** The day the README's skipped start block runs the system as of (`SGZ_TODAY=YYYY-MM-DD npm start`). */
function walkthroughDay(blocks: readonly ShellBlock[]): string | undefined {
  for (const block of blocks.filter((b) => b.skipped)) {
    for (const line of block.lines) {
      const day = /SGZ_TODAY=(\d{4}-\d{2}-\d{2}) npm start/.exec(line)?.[1];
      if (day) return day;
    }
  }
  return undefined;
}

const runBash = (
  script: string,
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<{ code: number | null; stdout: string; stderr: string }> =>
  new Promise((resolve) => {
    const child = spawn('bash', ['-c', script], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = { stdout: '', stderr: '' };
    child.stdout.on('data', (d: Buffer) => {
      out.stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      out.stderr += d.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, ...out });
    });
  });

describe('the README runs as written', () => {
  const markdown = readFileSync(README, 'utf8');
  const blocks = walkthroughBlocks(markdown);
  const runnable = blocks.filter((b) => !b.skipped);
  const day = walkthroughDay(blocks);
  let runtime: Awaited<ReturnType<typeof startTestRuntime>>;

  beforeAll(async () => {
    // What `SGZ_TODAY=<day> npm start` does before it starts anything.
    applyShiftedToday({ SGZ_TODAY: day ?? '' });
    runtime = await startTestRuntime();
  });
  afterAll(async () => {
    resetClock();
    await runtime?.dispose();
  });

  it('has walkthrough blocks to run, the start block skipped and naming its day', () => {
    expect(day, 'the skipped start block reads `SGZ_TODAY=YYYY-MM-DD npm start`').toMatch(
      /^\d{4}-\d{2}-\d{2}$/,
    );
    expect(runnable.length).toBeGreaterThanOrEqual(4);
    const { script } = buildScript(blocks, 3000);
    expect(script).toMatch(/^printf '%s\\n' .*'\d+ \d+ 409'/m);
  });

  it('runs every walkthrough block in order against a fresh system, each doing what its comments say', async () => {
    const port = Number(new URL(runtime.apiUrl).port);
    const { script, origin } = buildScript(blocks, port);
    writeFileSync(join(runtime.dataDir, 'readme-walkthrough.sh'), script);
    const ran = await runBash(script, { ...process.env, DATA_DIR: runtime.dataDir, NO_COLOR: '1' }, 420_000);
    const readable = (text: string) =>
      text.replace(
        /@L(\d+)/g,
        (_, n: string) => `README.md:${origin[Number(n) - 1] ?? '?'} (script line ${n})`,
      );
    const failure = readable(
      ran.stderr
        .split('\n')
        .filter((l) => l.startsWith('readme-test:') || /error|Error|错误|没有/.test(l))
        .join('\n'),
    );
    expect(
      ran.code,
      `${failure || readable(ran.stderr.slice(-2000))}\n— the last output:\n${ran.stdout.slice(-1500)}`,
    ).toBe(0);
    for (let b = 0; b < blocks.length; b++) {
      if (!blocks[b]?.skipped) expect(ran.stdout).toContain(`readme-test: block ${b} done`);
    }
  }, 480_000);
});
