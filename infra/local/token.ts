import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEMO_USERS, findDemoUser } from './demo-users';
import { signIn } from './identity';
import { RUNTIME_FILE, type RuntimeFile } from './runtime-file';

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
const file = join(dataDir, RUNTIME_FILE);
if (!existsSync(file)) {
  fail(
    `在数据目录 ${dataDir} 中没有找到正在运行的本地系统（${RUNTIME_FILE}）。\n` +
      '请先在另一个终端运行 npm start；如果 npm start 用了别的 DATA_DIR，这里也要设成同一个。',
  );
}
const running = JSON.parse(readFileSync(file, 'utf8')) as RuntimeFile;
try {
  console.log(await signIn(running.issuer, (user as NonNullable<typeof user>).username, running.clientId));
} catch (error) {
  const cause = (error as { cause?: { code?: string } }).cause;
  if (cause?.code === 'ECONNREFUSED' || cause?.code === 'ECONNRESET') {
    fail(
      `本地身份认证服务 ${running.issuer} 没有响应：数据目录 ${dataDir} 的 npm start（进程 ${running.pid}）似乎已经停止。\n` +
        '请重新运行 npm start 后再取令牌。',
    );
  }
  fail(`没有取到令牌：${(error as Error).message}`);
}
