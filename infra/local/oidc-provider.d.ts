/** The in-memory adapter oidc-provider ships (its default, which warns when used implicitly). */
declare module 'oidc-provider/lib/adapters/memory_adapter.js' {
  import type { Adapter } from 'oidc-provider';
  export function createMemoryAdapter(clockTolerance?: number): new (name: string) => Adapter;
}
