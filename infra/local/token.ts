import { resolve } from 'node:path';
import { DEMO_USERS, findDemoUser } from './demo-users';
import { signIn } from './identity';
import { findRunningSystem, runtimeStopped } from './runtime-file';

/**
 * `npm run token -- <username>`: signs a demo user in at the running local identity provider (authorization code
 * with PKCE, as the portal does) and prints the ID token. It finds the provider through `runtime.json` in the data
 * directory `npm start` uses (`DATA_DIR`, default `.data`), and says plainly what is wrong when it cannot.
 */
const fail = (message: string): never => {
  console.error(message);
  process.exit(2);
};

const username = process.argv[2];
const user = username ? findDemoUser(username) : undefined;
if (!user) {
  fail(
    `用法：npm run token -- <用户名>\n演示用户：${DEMO_USERS.map((u) => u.username).join(', ')}${
      username ? `\n没有演示用户 ${username}。` : ''
    }`,
  );
}
const dataDir = resolve(process.env.DATA_DIR ?? '.data');
const found = findRunningSystem(dataDir);
const running = 'problem' in found ? fail(found.problem) : found;
try {
  console.log(await signIn(running.issuer, (user as NonNullable<typeof user>).username, running.clientId));
} catch (error) {
  if (runtimeStopped(error)) {
    fail(
      `本地身份认证服务 ${running.issuer} 没有响应：数据目录 ${dataDir} 的 npm start（进程 ${running.pid}）似乎已经停止。\n` +
        '请重新运行 npm start 后再取令牌。',
    );
  }
  fail(`没有取到令牌：${(error as Error).message}`);
}
