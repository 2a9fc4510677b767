/**
 * What went wrong, as the API said it: its problem+json (RFC 9457) carries a zh-CN title and detail; API Gateway's
 * own answers where a deployment keeps them ({"message":"Too Many Requests"} when throttled, a body over 10 MB) and a
 * lost connection are given zh-CN titles here.
 */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly code?: string,
    /** The API's field-level reasons (`body.indicators.finance.use`: 「经费使用」最高 8.00 分), when it gave any. */
    readonly errors?: readonly { readonly path: string; readonly message: string }[],
  ) {
    super(title);
  }
}

const GATEWAY_TITLES: Record<number, string> = {
  401: '登录已失效，请重新登录',
  403: '无权访问',
  404: '没有找到',
  413: '请求内容过大',
  429: '请求过于频繁，请稍后再试',
  500: '服务器出错，请稍后重试',
  503: '服务繁忙，请稍后重试',
};

export function toProblem(status: number, body: unknown): ApiProblem {
  if (body && typeof body === 'object' && 'title' in body && typeof body.title === 'string') {
    const p = body as { title: string; detail?: unknown; code?: unknown; errors?: unknown };
    return new ApiProblem(
      status,
      p.title,
      typeof p.detail === 'string' ? p.detail : undefined,
      typeof p.code === 'string' ? p.code : undefined,
      Array.isArray(p.errors) ? (p.errors as { path: string; message: string }[]) : undefined,
    );
  }
  return new ApiProblem(status, GATEWAY_TITLES[status] ?? `请求失败（${status}）`);
}

export const networkProblem = (): ApiProblem => new ApiProblem(0, '网络连接失败，请检查网络后重试');
