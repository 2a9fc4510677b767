import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin, runnerImport } from 'vite';

/**
 * Which roles each API operation admits, read from the API's own description (`x-roles` in docs/openapi.json) at
 * build time: the console hides what the API would refuse, and never holds a second copy of the access rules.
 */
function routeRoles(): Record<string, string[] | 'public'> {
  const spec = JSON.parse(readFileSync(new URL('../docs/openapi.json', import.meta.url), 'utf8')) as {
    paths: Record<string, Record<string, { 'x-roles'?: string[] }>>;
  };
  const out: Record<string, string[] | 'public'> = {};
  for (const [path, ops] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(ops))
      out[`${method.toUpperCase()} ${path}`] = op['x-roles'] ?? 'public';
  }
  return out;
}

/**
 * Writes each public page's HTML at build time (`dist/gs/publicity/index.html`, …): the built index.html with the
 * page's header, heading and note drawn into #root by src/prerender.tsx, so the browser paints them before the
 * script has run, which then draws the page over them. The servers answer a public page's path with its file
 * (infra/local/portal.ts, the portal stack) and every other page path with index.html.
 */
function prerenderPublicPages(): Plugin {
  return {
    name: 'sgz-prerender-public-pages',
    apply: 'build',
    enforce: 'post',
    async generateBundle(_options, bundle) {
      const index = bundle['index.html'];
      if (index?.type !== 'asset')
        throw new Error('vite wrote no index.html to prerender the public pages into');
      const html = String(index.source);
      const root = '<div id="root"></div>';
      if (!html.includes(root)) throw new Error(`index.html has no ${root}`);
      const { module } = await runnerImport<typeof import('./src/prerender')>(
        fileURLToPath(new URL('./src/prerender.tsx', import.meta.url)),
        {
          configFile: false,
          root: fileURLToPath(new URL('.', import.meta.url)),
          plugins: [react()],
          logLevel: 'warn',
        },
      );
      // The entry's stylesheet (global.css: the header, the heading and note; about 1 KB) inline, so the first
      // paint waits for no request but the page's own.
      const link = /<link rel="stylesheet" crossorigin href="\/(assets\/[^"]+\.css)">/.exec(html);
      const css = link && bundle[link[1] as string];
      if (!link || css?.type !== 'asset') throw new Error("index.html links no stylesheet of vite's");
      const page = html.replace(link[0], `<style>${String(css.source).trim()}</style>`);
      for (const path of module.PRERENDERED) {
        this.emitFile({
          type: 'asset',
          fileName: `${path.slice(1)}/index.html`,
          source: page.replace(root, `<div id="root">${module.prerender(path)}</div>`),
        });
      }
    },
  };
}

export default defineConfig({
  plugins: [react(), prerenderPublicPages()],
  define: { __ROUTE_ROLES__: JSON.stringify(routeRoles()) },
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
});
