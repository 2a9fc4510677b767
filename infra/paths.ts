import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, where package-lock.json and the handler modules named in the manifest live. */
export const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** The version in package.json, given to every function as APP_VERSION (GET /health reports it). */
export const packageVersion: string = JSON.parse(
  readFileSync(join(repoRoot, 'package.json'), 'utf8'),
).version;

/** The portal as vite builds it (web/dist), deployed by the portal stack and served locally by `npm start`. */
export const portalDir = join(repoRoot, 'web', 'dist');
