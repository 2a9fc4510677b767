import { fileURLToPath } from 'node:url';

/** The repository root, where package-lock.json and the handler modules named in the manifest live. */
export const repoRoot = fileURLToPath(new URL('..', import.meta.url));
