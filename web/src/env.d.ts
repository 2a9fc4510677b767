/** Built in by vite.config.ts from docs/openapi.json: `"GET /stations"` → the roles the API admits, or `public`. */
declare const __ROUTE_ROLES__: Record<string, string[] | 'public'>;
