/**
 * Every broken rule is a DomainError with a stable code, an HTTP status and a zh-CN title. The HTTP layer turns
 * it into application/problem+json; nothing else needs to know about HTTP.
 */
export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly title: string,
    detail?: string,
    readonly extras: { readonly rule?: string; readonly errors?: readonly FieldIssue[] } = {},
  ) {
    super(detail ?? title);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string): DomainError =>
  new DomainError('NOT_FOUND', 404, '资源不存在', `${what} 不存在`);

export const versionConflict = (): DomainError =>
  new DomainError(
    'VERSION_CONFLICT',
    409,
    '数据已被他人修改，请刷新后重试',
    'The record changed since it was read.',
  );

export const outOfScope = (): DomainError =>
  new DomainError(
    'OUT_OF_SCOPE',
    403,
    '超出管辖范围',
    'The record is outside your district, street or organisation.',
  );

export const invalidTransition = (entity: string, from: string, to: string, rule?: string): DomainError =>
  new DomainError(
    'INVALID_TRANSITION',
    409,
    '不允许的状态变更',
    `${entity} cannot go from ${from} to ${to}.`,
    rule ? { rule } : {},
  );
