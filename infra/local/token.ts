import { join, resolve } from 'node:path';
import { DEMO_USERS, findDemoUser } from './demo-users';
import { loadIdentity } from './identity';

/**
 * `npm run token -- <username>`: prints an ID token for a demo user, signed with the same key `npm start` uses
 * (kept under .data/), so it works whether or not the runtime is up.
 */
const username = process.argv[2];
const user = username ? findDemoUser(username) : undefined;
if (!user) {
  console.error(
    `Usage: npm run token -- <username>\nDemo users: ${DEMO_USERS.map((u) => u.username).join(', ')}`,
  );
  process.exit(2);
}
const identity = await loadIdentity(join(resolve(process.env.DATA_DIR ?? '.data'), 'local-jwt-key.json'));
console.log(await identity.issue(user));
