import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { z } from 'zod';
import { DomainError, type FieldIssue } from '#shared/domain/errors';

/**
 * Errors leave the system as RFC 9457 problem details (`application/problem+json`) with a stable `code`, a zh-CN
 * `title`, and the fields at fault. Unknown errors become a 500 that reveals nothing internal.
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
    headers: { 'content-type': 'application/problem+json; charset=utf-8' },
    body: JSON.stringify(body),
  };
}

/** The fields at fault, as `body.functionalAreas.0.areaM2`-style paths. */
export function issuesOf(where: 'body' | 'query' | 'params', error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: [where, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
}

export const validationFailed = (errors: FieldIssue[]): DomainError =>
  new DomainError('VALIDATION_FAILED', 400, '请求参数不合法', 'Some fields are missing or invalid.', {
    errors,
  });

export const unauthenticated = (): DomainError =>
  new DomainError('UNAUTHENTICATED', 401, '未登录或登录已失效', 'A valid bearer token is required.');

export const forbiddenRole = (): DomainError =>
  new DomainError('FORBIDDEN_ROLE', 403, '当前角色无权执行此操作', 'Your role is not allowed on this route.');

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
          'Send Content-Type: application/json.',
        )
      : new DomainError(
          'MALFORMED_JSON',
          400,
          '请求体不是合法的 JSON',
          'The body could not be parsed as JSON.',
        );
  }
  return new DomainError(
    'INTERNAL',
    500,
    '服务器内部错误',
    'An unexpected error occurred; it has been logged.',
  );
}
