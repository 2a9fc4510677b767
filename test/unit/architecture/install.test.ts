import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

/**
 * `npm ci` on the Node the README names (and CI runs) prints no warning: every installed package admits that Node
 * (npm's EBADENGINE), and every package with an install script is approved in package.json's allowScripts.
 */
const root = new URL('../../../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as {
  engines: { node: string };
  allowScripts?: Record<string, boolean>;
};
const lock = JSON.parse(readFileSync(new URL('package-lock.json', root), 'utf8')) as {
  packages: Record<string, { version?: string; engines?: { node?: string }; hasInstallScript?: boolean }>;
};
// npm's own range semantics (the package npm itself uses; no types of its own).
const semver = createRequire(import.meta.url)('semver') as {
  satisfies(version: string, range: string): boolean;
  minVersion(range: string): { version: string } | null;
};

describe('npm ci', () => {
  const oldest = semver.minVersion(pkg.engines.node)?.version as string;

  it('installs only packages that run on the oldest Node package.json admits and on this one', () => {
    expect(oldest).toMatch(/^20\./); // CI and the README's machines run Node 20
    const refusing = Object.entries(lock.packages)
      .filter(([, entry]) => entry.engines?.node)
      .filter(
        ([, entry]) =>
          !semver.satisfies(oldest, entry.engines?.node as string) ||
          !semver.satisfies(process.version, entry.engines?.node as string),
      )
      .map(
        ([path, entry]) =>
          `${path.replace(/^.*node_modules\//, '')}@${entry.version} (node ${entry.engines?.node})`,
      );
    expect(refusing).toEqual([]);
  });

  it("runs no install script that package.json's allowScripts has not approved", () => {
    const approved = Object.keys(pkg.allowScripts ?? {}).filter((name) => pkg.allowScripts?.[name] === true);
    const unapproved = Object.entries(lock.packages)
      .filter(([path, entry]) => path !== '' && entry.hasInstallScript)
      .map(([path]) => path.replace(/^.*node_modules\//, ''))
      .filter((name) => !approved.includes(name));
    expect(unapproved).toEqual([]);
  });

  it('the README names the same Node', () => {
    const readme = readFileSync(new URL('README.md', root), 'utf8');
    expect(readme).toContain(`Node ${oldest.replace(/\.0$/, '')}+`);
  });
});
