import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

/**
 * The portal (web/) on the local runtime: `npm start` builds it when `web/dist` is missing or older than its
 * sources (vite build, a few seconds), and the local gateway serves it: `/`, `/assets/*`, and — for a browser
 * asking for a page (Accept: text/html) — any GET path no API route has (the public site lives under `/gs/`, the
 * console under `/console/`): a public page with the HTML the build wrote for it (its header, heading and note,
 * painted before the script runs), any other with index.html for the app's router. API paths stay JSON.
 */
export const WEB_DIR = resolve('web');
export const PORTAL_DIR = join(WEB_DIR, 'dist');

/** The newest modification time under a path (a file, or a directory walked recursively). */
function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

/** Whether web/dist is missing or older than what it is built from. */
export function portalIsStale(webDir = WEB_DIR): boolean {
  const built = join(webDir, 'dist', 'index.html');
  if (!existsSync(built)) return true;
  const sources = Math.max(
    newest(join(webDir, 'src')),
    newest(join(webDir, 'index.html')),
    newest(join(webDir, 'vite.config.ts')),
    newest(resolve(webDir, '..', 'docs', 'openapi.json')),
  );
  return statSync(built).mtimeMs < sources;
}

/**
 * Builds the portal with vite when it is stale; throws with vite's output when the build fails. vite writes into a
 * directory of its own, which then takes web/dist's place by rename, so a build running beside another (two test
 * files, `npm start` and a test) never empties the directory the other is serving or building into.
 */
export function ensurePortalBuilt(webDir = WEB_DIR, log: (line: string) => void = console.log): void {
  if (!portalIsStale(webDir)) return;
  log('Building the portal (web/, vite build) …');
  const vite = resolve(webDir, '..', 'node_modules', 'vite', 'bin', 'vite.js');
  const dist = join(webDir, 'dist');
  const fresh = join(webDir, `.dist-${process.pid}-${Date.now()}`);
  // A production build whatever this process runs as (vitest sets NODE_ENV=test, which would bundle React's dev build).
  const run = spawnSync(
    process.execPath,
    [vite, 'build', '--logLevel', 'warn', '--outDir', fresh, '--emptyOutDir'],
    { cwd: webDir, encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production' } },
  );
  if (run.status !== 0) {
    rmSync(fresh, { recursive: true, force: true });
    throw new Error(`The portal failed to build:\n${run.stdout}\n${run.stderr}`);
  }
  const old = `${fresh}-old`;
  try {
    renameSync(dist, old);
  } catch {
    // No dist yet, or another build has just moved it aside.
  }
  try {
    renameSync(fresh, dist);
  } catch {
    // Another build put its dist in place first: it is built from the same sources.
    rmSync(fresh, { recursive: true, force: true });
  }
  rmSync(old, { recursive: true, force: true });
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

/**
 * The file a page path is answered with: its own HTML where the build wrote one (the public pages, prerendered by
 * web/src/prerender.tsx: `/gs/publicity` → `gs/publicity/index.html`, with or without the trailing slash), else the
 * app's index.html, whose router draws the page.
 */
export function pageFile(dir: string, pathname: string): string {
  const page = pathname.replace(/\/+$/, '');
  if (/^\/gs(\/[a-z-]+)*$/.test(page)) {
    const own = join(dir, page, 'index.html');
    if (existsSync(own)) return own;
  }
  return join(dir, 'index.html');
}

export interface PortalOptions {
  /** The built portal (default web/dist). */
  readonly dir?: string;
  /** What the portal is told at `/portal-config.json`: the issuer to sign in at and its client. */
  readonly config: { readonly issuer: string; readonly clientId: string; readonly scope: string };
  /** Origins the page may call besides its own (the identity provider, the presigned uploads' S3). */
  readonly connectSrc: readonly string[];
}

/**
 * Answers a GET for the portal, or returns false to let the gateway answer (an API route, or a non-page request
 * on an unknown path, which stays API Gateway's JSON 404). `apiPath`: whether any API route has this path.
 */
export function servePortal(
  options: PortalOptions,
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
  apiPath: boolean,
): boolean {
  const dir = options.dir ?? PORTAL_DIR;
  if ((req.method ?? 'GET').toUpperCase() !== 'GET' || apiPath) return false;
  if (pathname === '/portal-config.json') {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(JSON.stringify(options.config));
    return true;
  }
  const page = (req.headers.accept ?? '').includes('text/html');
  if (!(pathname === '/' || pathname.startsWith('/assets/') || page)) return false;
  let file = pageFile(dir, pathname);
  if (pathname.startsWith('/assets/')) {
    const wanted = resolve(dir, `.${decodeURIComponent(pathname)}`);
    if (
      !wanted.startsWith(`${resolve(dir)}${sep}`) ||
      !existsSync(wanted) ||
      statSync(wanted).isDirectory()
    ) {
      res.writeHead(404, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ message: 'Not Found' }));
      return true;
    }
    file = wanted;
  }
  if (!existsSync(file)) {
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('门户尚未构建：请运行 npm start（会自动构建 web/）或 npm run web:build。');
    return true;
  }
  const html = file.endsWith('index.html');
  res.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    ...(html
      ? {
          'cache-control': 'no-cache',
          // Ant Design writes its styles at run time (CSS-in-JS), hence style-src 'unsafe-inline'; no inline script.
          'content-security-policy': [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            `connect-src 'self' ${options.connectSrc.join(' ')}`,
            "frame-ancestors 'none'",
            "base-uri 'self'",
            "form-action 'self'",
          ].join('; '),
          'x-frame-options': 'DENY',
        }
      : { 'cache-control': 'public, max-age=31536000, immutable' }),
  });
  res.end(readFileSync(file));
  return true;
}
