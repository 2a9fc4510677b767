import { checkStores, type StoreCheck } from '#shared/adapters/readiness';
import { DomainError } from '#shared/domain/errors';
import { httpHandler } from '#shared/http/http-handler';
import { getReadinessRoute } from '#shared/manifest';

const STORE_NAMES = { dynamodb: '数据库（DynamoDB）', s3: '文件存储（S3）' } as const;
const WHAT: Record<Exclude<StoreCheck, 'ok'>, string> = {
  timeout: '未在时限内响应',
  unreachable: '无法连接',
  error: '返回错误',
};

/**
 * Readiness: 200 when DynamoDB and S3 both answer (shared/adapters/readiness.ts), otherwise 503 NOT_READY with
 * Retry-After, naming the store that does not answer. A load balancer or the operator's monitor asks this;
 * `GET /health` stays the liveness answer.
 */
export const handler = httpHandler(getReadinessRoute, async () => {
  const checks = await checkStores();
  const failing = (Object.keys(STORE_NAMES) as (keyof typeof STORE_NAMES)[]).filter(
    (s) => checks[s] !== 'ok',
  );
  if (failing.length === 0) return { body: { status: 'ready', checks: { dynamodb: 'ok', s3: 'ok' } } };
  const names = failing.map((s) => STORE_NAMES[s]).join('和');
  const how = failing
    .map((s) => `${STORE_NAMES[s]}${WHAT[checks[s] as Exclude<StoreCheck, 'ok'>]}`)
    .join('，');
  throw new DomainError(
    'NOT_READY',
    503,
    `服务未就绪：${names}暂不可用`,
    `${how}，现在提交的请求会被拒绝（503）；请按 Retry-After 所示的秒数后重试。`,
  );
});
