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
  console.log(`
济南市社会工作服务站管理系统 — local runtime

  Portal     http://localhost:${port}/   (public site /gs/, console /console/ — sign in as a demo user)
  API        ${runtime.apiUrl}   (${Object.keys(routes).length} routes; OpenAPI at ${runtime.apiUrl}/openapi.json)
  S3         ${runtime.s3Url}   (buckets sgz-reports, sgz-archive; ${Object.keys(triggers).length} trigger)
  DynamoDB   ${runtime.dynamoUrl}   (data in ${dataDir})
  Sink       ${runtime.sink.url}   (SMS and webhook requests, recorded in ${runtime.sink.file})
  Identity   ${runtime.identity.issuer}   (OpenID Connect provider; sign-in picks a demo user; tokens verified ${verifier === 'function' ? 'by each route function' : `as the ${verifier === 'jwt' ? 'JWT' : 'Lambda'} authorizer would`})
  Schedules  ${Object.keys(jobs).length} jobs in Asia/Shanghai   (run one as of a day: npm run job -- <job> --on YYYY-MM-DD)
  ${clockBannerLine()}

  Get a token:   npm run token -- lixia.mz
            or   curl -s -X POST ${runtime.apiUrl}/local/token -H 'content-type: application/json' -d '{"username":"lixia.mz"}'
  Then:          curl -s ${runtime.apiUrl}/stations -H "authorization: Bearer $TOKEN"

  Demo users:
${users}

  Ctrl-C to stop.
`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the API, the scheduler, s3rver and DynamoDB Local …`);
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
    console.error('The local runtime failed to start:', error instanceof Error ? error.message : error);
  }
  process.exit(1);
}
