import { resolve } from 'node:path';
import { jobs, routes, triggers } from '#shared/manifest';
import type { VerifierMode } from './api-gateway';
import { DEMO_USERS } from './demo-users';
import { ensurePortalBuilt } from './portal';
import { JavaMissingError, startLocalRuntime } from './runtime';
import { applyShiftedToday, clockBannerLine, ShiftedClockError } from './shifted-clock';
import {
  acquireDataDirLock,
  assertPortsFree,
  type ConfiguredPort,
  configuredPort,
  portInUseLater,
  StartRefusedError,
} from './start-guard';

/** `npm start`: the whole system on this machine, on embedded defaults. Ctrl-C stops everything it started. */
const verifier: VerifierMode =
  process.env.IDENTITY_VERIFIER === 'lambda' || process.env.IDENTITY_VERIFIER === 'jwt'
    ? process.env.IDENTITY_VERIFIER
    : 'function';
const dataDir = resolve(process.env.DATA_DIR ?? '.data');
process.env.POWERTOOLS_LOG_LEVEL ??= 'INFO';
// The AWS SDK's notice that its releases after the first week of January 2027 need Node 22 is for whoever upgrades
// the locked SDK (README, "Needs"), not for the person starting the system: the versions in package-lock.json run on
// Node 20, and the functions run on nodejs22.x.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// The ports it listens on, each set by its variable (0: any free port); read in the try, so a bad value is one line.
let listening: ConfiguredPort[] = [];

try {
  const api = configuredPort('PORT', 3000);
  const s3 = configuredPort('S3_PORT', 4569);
  // DynamoDB Local (Java) listens on every address, the others on loopback.
  const dynamo = configuredPort('DYNAMODB_PORT', 8000, '0.0.0.0');
  const identity = configuredPort('IDENTITY_PORT', 3001);
  const sink = configuredPort('SINK_PORT', 0);
  listening = [api, s3, dynamo, identity, sink];
  const port = api.port;
  // One npm start per data directory (a second would run a second scheduler on the same data), then free ports:
  // each refused in one line before anything starts.
  acquireDataDirLock(dataDir, port);
  await assertPortsFree(listening);
  // Before anything reads the clock: the whole runtime (handlers, jobs, trigger, scheduler) runs on it.
  applyShiftedToday();
  ensurePortalBuilt();
  const runtime = await startLocalRuntime({
    port,
    s3Port: s3.port,
    dynamoPort: dynamo.port,
    dataDir,
    identityPort: identity.port,
    sinkPort: sink.port,
    verifier,
    // A store that cannot be brought back: say so and stop, rather than serve 503s without end.
    onStoreLost: (message) => {
      console.error(`\n${message}`);
      void runtime.stop().finally(() => process.exit(1));
    },
  });
  const users = DEMO_USERS.map(
    (u) => `    ${u.username.padEnd(13)} ${u.role.padEnd(23)} ${u.description}`,
  ).join('\n');
  const verifiedBy =
    verifier === 'function'
      ? '令牌由各路由函数核验'
      : `令牌按 ${verifier === 'jwt' ? 'API Gateway 的 JWT' : 'Lambda'} 授权器的方式核验`;
  // Labels of four Chinese characters (eight columns in a terminal) keep the addresses in one column.
  console.log(`
济南市社会工作服务站管理系统 — 本地运行

  门户网站   http://localhost:${port}/   （公众网站 /gs/，工作台 /console/，以演示用户登录）
  接口服务   ${runtime.apiUrl}   （${Object.keys(routes).length} 个路由；OpenAPI：${runtime.apiUrl}/openapi.json）
  对象存储   ${runtime.s3Url}   （S3：存储桶 sgz-reports、sgz-archive；${Object.keys(triggers).length} 个上传触发器）
  数据存储   ${runtime.dynamoUrl}   （DynamoDB Local，数据在 ${dataDir}）
  消息接收   ${runtime.sink.url}   （短信和 webhook 请求记录在 ${runtime.sink.file}）
  身份认证   ${runtime.identity.issuer}   （OpenID Connect 服务，登录时选择演示用户；${verifiedBy}）
  定时任务   ${Object.keys(jobs).length} 个，按 Asia/Shanghai 时间   （按某一天运行其中一个：npm run job -- <任务> --on YYYY-MM-DD）
  ${clockBannerLine()}

  取得令牌   npm run token -- lixia.mz
        或   curl -s -X POST ${runtime.apiUrl}/local/token -H 'content-type: application/json' -d '{"username":"lixia.mz"}'
  然后       curl -s ${runtime.apiUrl}/stations -H "authorization: Bearer $TOKEN"

  演示用户：
${users}

  按 Ctrl-C 停止。
`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}：正在停止接口服务、定时任务、对象存储和数据存储……`);
    await runtime.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
} catch (error) {
  const portTaken = portInUseLater(error, listening);
  if (portTaken) {
    console.error(portTaken);
  } else if (
    error instanceof JavaMissingError ||
    error instanceof ShiftedClockError ||
    error instanceof StartRefusedError
  ) {
    console.error(error.message);
  } else {
    console.error(
      '本地系统未能启动 (the local runtime failed to start)：',
      error instanceof Error ? error.message : error,
    );
  }
  process.exit(1);
}
