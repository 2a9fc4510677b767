import { readFileSync } from 'node:fs';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

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

export default defineConfig({
  plugins: [react()],
  define: { __ROUTE_ROLES__: JSON.stringify(routeRoles()) },
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
});
