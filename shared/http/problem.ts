import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { z } from 'zod';
import { RETRY_AFTER_SECONDS } from '#shared/adapters/store-timeouts';
import { DomainError, describeIssues, type FieldIssue } from '#shared/domain/errors';

/**
 * Errors leave the system as RFC 9457 problem details (`application/problem+json`) with a stable `code`, a zh-CN
 * `title`, a zh-CN `detail` (for a refusal that names its fields and has no detail of its own, the fields:
 * 「body.amountFen：须为整数」) and the fields at fault. Unknown errors become a 500 that reveals nothing internal.
 * Every 503 says when to try again (`Retry-After`, seconds): nothing was changed, and the store may be back by then.
 */
export const PROBLEM_TYPE_BASE = 'urn:sgz:problem:';

export function problemResponse(
  error: DomainError,
  instance?: string,
): APIGatewayProxyStructuredResultV2 & { statusCode: number } {
  const body = {
    type: `${PROBLEM_TYPE_BASE}${error.code.toLowerCase().replaceAll('_', '-')}`,
    title: error.title,
    status: error.status,
    code: error.code,
    ...(error.message && error.message !== error.title ? { detail: error.message } : {}),
    ...(instance ? { instance } : {}),
    ...(error.extras.rule ? { rule: error.extras.rule } : {}),
    ...(error.extras.errors ? { errors: error.extras.errors } : {}),
  };
  return {
    statusCode: error.status,
    headers: {
      'content-type': 'application/problem+json; charset=utf-8',
      ...(error.status === 503 ? { 'retry-after': String(RETRY_AFTER_SECONDS) } : {}),
      ...(error.extras.retryAfterSeconds !== undefined
        ? { 'retry-after': String(error.extras.retryAfterSeconds) }
        : {}),
      // RFC 6750 §3: how to authenticate, and whether the token sent was refused.
      ...(error.status === 401
        ? { 'www-authenticate': error.code === 'UNAUTHENTICATED' ? 'Bearer' : 'Bearer error="invalid_token"' }
        : {}),
    },
    body: JSON.stringify(body),
  };
}

/**
 * The fields at fault, as `body.functionalAreas.0.areaM2`-style paths, with zod's messages in zh-CN (./zod-zh.ts,
 * installed by the handler factory). Fields the schema does not declare (every request object is strict) are
 * refused at the object that holds them, with a message naming them.
 */
export function issuesOf(where: 'body' | 'query' | 'params', error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: [where, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
}

const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Paths of the strings (values and object keys) in a request input that are not well-formed Unicode (a lone
 * UTF-16 surrogate, as JSON's `\ud800` escape allows): such text cannot be stored or sent on as UTF-8. Walked with
 * an explicit stack, so a deeply nested body cannot exhaust the call stack.
 */
export function illFormedText(where: 'body' | 'query' | 'params', input: unknown): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const stack: [unknown, string][] = [[input, where]];
  while (stack.length > 0 && issues.length < 20) {
    const [value, path] = stack.pop() as [unknown, string];
    if (typeof value === 'string') {
      if (LONE_SURROGATE.test(value)) issues.push({ path, message: '包含无效的 Unicode 字符（孤立代理项）' });
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => {
        stack.push([item, `${path}.${i}`]);
      });
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        if (LONE_SURROGATE.test(key))
          issues.push({ path, message: '字段名包含无效的 Unicode 字符（孤立代理项）' });
        stack.push([item, `${path}.${key}`]);
      }
    }
  }
  return issues;
}

export const validationFailed = (errors: FieldIssue[]): DomainError =>
  new DomainError(
    'VALIDATION_FAILED',
    400,
    '请求参数不合法',
    `${describeIssues(errors)}。请按 errors 中列出的字段逐项修改后重试。`,
    {
      errors,
    },
  );

export const unauthenticated = (): DomainError =>
  new DomainError(
    'UNAUTHENTICATED',
    401,
    '未登录或登录已失效',
    '请求须携带有效的登录令牌（Authorization: Bearer <令牌>），请登录后再试。',
  );

export const forbiddenRole = (): DomainError =>
  new DomainError(
    'FORBIDDEN_ROLE',
    403,
    '当前角色无权执行此操作',
    '您当前的角色不能执行此操作；如需办理，请联系有权限的部门。',
  );

/** Maps any thrown value to a DomainError: our own, middy's HTTP errors, or an unexpected failure. */
export function toDomainError(error: unknown): DomainError {
  if (error instanceof DomainError) return error;
  const e = error as { statusCode?: number; message?: string; cause?: { package?: string } };
  if (e?.cause?.package === '@middy/http-json-body-parser') {
    return e.message === 'Unsupported Media Type'
      ? new DomainError(
          'UNSUPPORTED_MEDIA_TYPE',
          415,
          '请求体须为 application/json',
          '请以 Content-Type: application/json 发送 JSON 格式的请求体。',
        )
      : new DomainError(
          'MALFORMED_JSON',
          400,
          '请求体不是合法的 JSON',
          '请求体无法按 JSON 解析，请检查括号、引号和逗号。',
        );
  }
  const v = error as { name?: string; message?: string };
  if (v?.name === 'ValidationException' && /start(ing)? ?key/i.test(v.message ?? '')) {
    // A cursor of the right shape that names a key outside the query (crafted, or from another list).
    return new DomainError(
      'INVALID_CURSOR',
      400,
      '分页游标无效',
      '分页游标不属于当前查询，请从第一页重新查询。',
      {
        errors: [{ path: 'cursor', message: '分页游标无效' }],
      },
    );
  }
  if (isTransient(error)) return storeUnavailable();
  return new DomainError(
    'INTERNAL',
    500,
    '服务器内部错误',
    '发生了意外错误，已记录日志；请稍后重试，如仍出现请联系系统管理员并提供请求编号。',
  );
}

/**
 * A store (DynamoDB or S3) throttled, timed out, refused or dropped the connection, or failed with a 5xx, after the
 * SDK's own bounded retries (shared/adapters/store-timeouts.ts): nothing was stored (a transaction is all or
 * nothing), so the caller may simply try again after `Retry-After`.
 */
export const storeUnavailable = (): DomainError =>
  new DomainError(
    'STORE_UNAVAILABLE',
    503,
    '数据服务暂不可用，请稍后重试',
    '数据存储繁忙、未及时响应或暂时无法连接，本次未作任何更改；请按 Retry-After 所示的秒数后重试。',
  );

const TRANSIENT = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'TimeoutError',
  'RequestTimeout',
  'InternalServerError',
  'ServiceUnavailable',
]);

/** Node's codes for a connection refused, reset, timed out or not resolved: the store is not there right now. */
const NETWORK = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * An AWS error that says "not now" rather than "no": throttling, timeouts, a refused or reset connection (a raw
 * Node error with the SDK's `$metadata`, or an AggregateError of them when a name resolves to several addresses),
 * a 5xx of the service.
 */
function isTransient(error: unknown): boolean {
  const e = error as {
    name?: string;
    code?: string;
    errors?: unknown[];
    $retryable?: unknown;
    $metadata?: { httpStatusCode?: number };
    CancellationReasons?: { Code?: string }[];
  };
  if (!e || typeof e !== 'object') return false;
  if (e.name && TRANSIENT.has(e.name)) return true;
  if (e.code && NETWORK.has(e.code)) return true;
  if (Array.isArray(e.errors) && e.errors.length > 0) return e.errors.every(isTransient);
  if (e.name === 'TransactionCanceledException') {
    return (e.CancellationReasons ?? []).some(
      (r) => r.Code === 'ThrottlingError' || r.Code === 'ProvisionedThroughputExceeded',
    );
  }
  return e.$retryable !== undefined || (e.$metadata?.httpStatusCode ?? 0) >= 500;
}
