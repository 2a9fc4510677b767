import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';

/**
 * Debian's Chromium driven by Playwright (playwright-core: no browser download), headless, in a new empty profile.
 * `.ci/run` installs it (and fonts-noto-cjk, so Chinese renders) with apt-get when /usr/bin/chromium is missing.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = resolve('test-results', 'screenshots');
export const PHONE = { width: 375, height: 812 } as const;
export const DESKTOP = { width: 1280, height: 800 } as const;

export interface Browser {
  readonly context: BrowserContext;
  page(viewport?: { width: number; height: number }): Promise<Page>;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'sgz-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  // A locator waits up to 30 s: CI runs the browser tests beside the whole suite on two cores, where the first call
  // of a function (its module loaded on demand by the local runtime) has taken over 15 s.
  context.setDefaultTimeout(30_000);
  return {
    context,
    page: async (viewport = DESKTOP) => {
      const page = await context.newPage();
      await page.setViewportSize(viewport);
      return page;
    },
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: { readonly target: unknown[] }[];
}

/** axe-core's serious and critical violations on the page as it is now (WCAG 2.1 A/AA rules), one line each. */
export async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, so the portal's CSP (no inline script) does not stand in the way.
  // Judged as the user sees the page once it is still: a fading-in alert is not yet its final colour. A spinning
  // icon never finishes (a loading button's spinner while it fades out): waiting for it would never return.
  await page.evaluate(
    'Promise.all(document.getAnimations().filter((a) => a.effect?.getComputedTiming().iterations !== Infinity).map((a) => a.finished.catch(() => undefined)))',
  );
  await page.evaluate(axeSource);
  // A string, not a function: the test's TypeScript knows no DOM (the root tsconfig is Node's).
  const violations = (await page.evaluate(
    "axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }).then((r) => r.violations)",
  )) as AxeViolation[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`,
    );
}

/** A full-page screenshot under test-results/screenshots/ (git-ignored; CI keeps it in its log folder). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/**
 * Picks an option of the antd select labelled `label` in `scope` and waits until the form shows it chosen (the
 * chosen item's title). On a busy machine a click during the dropdown's opening animation can miss: then it opens
 * the select and picks again, up to three times. `shown` is what the chosen item reads, when not the option's name.
 */
export async function chooseOption(
  page: Page,
  scope: Locator,
  label: string,
  option: string | RegExp,
  shown: string | RegExp = option,
): Promise<void> {
  const item = page.getByRole('option', { name: option, exact: typeof option === 'string' });
  for (let attempt = 1; ; attempt++) {
    // The list may still be open from a missed pick: a click on the select would close it.
    if (!(await item.isVisible())) await scope.getByLabel(label, { exact: true }).click();
    await item.click();
    const chosen = await scope
      .getByTitle(shown)
      .first()
      .waitFor({ timeout: 5_000 })
      .then(() => true)
      .catch(() => false);
    if (chosen || attempt === 3) return;
  }
}
