/**
 * Every broken rule is a DomainError with a stable code, an HTTP status, a zh-CN title and a zh-CN detail that says
 * what is wrong and, where it helps, what to do next; without a detail of its own, the fields at fault are its
 * detail (describeIssues). The HTTP layer turns it into application/problem+json; nothing else needs to know about
 * HTTP.
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
    readonly extras: {
      readonly rule?: string;
      readonly errors?: readonly FieldIssue[];
      /** When to try again (a 429's `Retry-After`, seconds). */
      readonly retryAfterSeconds?: number;
    } = {},
  ) {
    super(detail ?? (extras.errors?.length ? describeIssues(extras.errors) : title));
    this.name = 'DomainError';
  }
}

/**
 * The fields at fault as one zh-CN sentence, for a problem's `detail`: 「body.amountFen：须为整数」 for one field;
 * the count and the first three for more (the rest are in `errors`).
 */
export function describeIssues(issues: readonly FieldIssue[]): string {
  const shown = issues
    .slice(0, 3)
    .map((i) => `${i.path}：${i.message}`)
    .join('；');
  if (issues.length <= 1) return shown;
  const rest = issues.length > 3 ? `；其余 ${issues.length - 3} 处见 errors` : '';
  return `共 ${issues.length} 处不符合要求：${shown}${rest}`;
}

export const notFound = (what: string): DomainError =>
  new DomainError('NOT_FOUND', 404, '资源不存在', `找不到该${what}，请核对后重试。`);

export const versionConflict = (): DomainError =>
  new DomainError(
    'VERSION_CONFLICT',
    409,
    '数据已被他人修改，请刷新后重试',
    '记录已被他人修改；请重新读取，以新的 version 再提交。',
  );

export const outOfScope = (): DomainError =>
  new DomainError('OUT_OF_SCOPE', 403, '超出管辖范围', '该记录不属于您所在的区县、街道（镇）或机构。');

/**
 * A refused transition of a state machine: 409 with the rule it breaks. The caller names the entity and the states
 * in Chinese (each state machine keeps its own names beside its transitions, so that a bundle carries only the
 * names of the machines it uses).
 */
export const invalidTransition = (
  entity: string,
  names: Readonly<Record<string, string>>,
  from: string,
  to: string,
  rule?: string,
): DomainError =>
  new DomainError(
    'INVALID_TRANSITION',
    409,
    '不允许的状态变更',
    `该${entity}当前为「${names[from] ?? from}」，不能变为「${names[to] ?? to}」。`,
    rule ? { rule } : {},
  );
