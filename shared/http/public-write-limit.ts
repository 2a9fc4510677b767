import { createHash } from 'node:crypto';
import { countPublicWrite } from '#shared/adapters/dynamodb/public-write-limit';
import { DomainError } from '#shared/domain/errors';

/** How many writes one network source may make to one public route per hour; unset or 0: no limit. */
export const PUBLIC_WRITE_LIMIT_ENV = 'PUBLIC_WRITES_PER_SOURCE_PER_HOUR';

/**
 * The per-source limit of the public writes (an objection to a notice, a complaint): API Gateway's throttle of a
 * public route is shared by every caller, so one source could use it up for everybody, and its 429 is an English
 * `{"message"}`. Here each source address (hashed: the counter keeps no address) may write a route `limit` times
 * per clock hour; past that it gets 429 RATE_LIMITED in zh-CN with `Retry-After`, the seconds left in the hour.
 * The limit is the deployment's (`publicWritesPerSourcePerHour`, infra/config.ts); the local runtime has none
 * unless `PUBLIC_WRITES_PER_SOURCE_PER_HOUR` is set.
 */
export async function limitPublicWrite(
  route: string,
  sourceIp: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  nowMs: number = Date.now(),
): Promise<void> {
  const limit = Number(env[PUBLIC_WRITE_LIMIT_ENV] ?? 0);
  if (!Number.isInteger(limit) || limit <= 0) return;
  const source = createHash('sha256')
    .update(sourceIp ?? 'unknown')
    .digest('base64url')
    .slice(0, 22);
  const seconds = Math.floor(nowMs / 1000);
  const hourStart = seconds - (seconds % 3600);
  if (await countPublicWrite(source, route, hourStart, limit)) return;
  const wait = hourStart + 3600 - seconds;
  throw new DomainError(
    'RATE_LIMITED',
    429,
    '提交过于频繁',
    `同一网络来源每小时最多提交 ${limit} 次，本小时已达上限；请在 ${Math.ceil(wait / 60)} 分钟后再试。如需集中提交，请联系所在区县民政局。`,
    { retryAfterSeconds: wait },
  );
}
