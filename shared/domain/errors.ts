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
    readonly extras: { readonly rule?: string; readonly errors?: readonly FieldIssue[] } = {},
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
  new DomainError('NOT_FOUND', 404, '资源不存在', `找不到该${what}，请核对链接或编号后重试。`);

export const versionConflict = (): DomainError =>
  new DomainError(
    'VERSION_CONFLICT',
    409,
    '数据已被他人修改，请刷新后重试',
    '读取之后这条记录已被修改（version 已变），请重新读取，以新的 version 再提交修改。',
  );

export const outOfScope = (): DomainError =>
  new DomainError(
    'OUT_OF_SCOPE',
    403,
    '超出管辖范围',
    '这条记录不属于您所在的区县、街道（镇）或机构，不能查看或办理；如确需办理，请联系其所属单位。',
  );

/** The zh-CN names of the entities with a state machine, and of their states (the same words as the portal's). */
export const STATE_MACHINE_NAMES = {
  station: ['社工站', { active: '运营中', suspended: '暂停运营', closed: '已关闭' }],
  contract: ['服务合同', { draft: '草拟', active: '履行中', completed: '已完成', terminated: '已终止' }],
  complaint: ['投诉', { received: '已收到，待受理', acknowledged: '已受理，办理中', closed: '已办结' }],
  evaluation: [
    '评估',
    {
      commissioned: '已委托，待评分',
      scoring: '评分中',
      scored: '评分完成，待确认',
      confirmed: '已确认，待公示',
      in_publicity: '公示中',
      final: '结果已生效',
    },
  ],
  handover: [
    '档案移交',
    { open: '待签署', signed: '已签署，待接收', received: '已接收，待转交', transferred: '已转交新承接方' },
  ],
  rectification: ['整改事项', { open: '待整改', submitted: '已提交整改，待核验', verified: '已核验' }],
  'platform application': ['平台使用申请', { submitted: '待审核', approved: '已批准', rejected: '已驳回' }],
} as const satisfies Record<string, readonly [string, Readonly<Record<string, string>>]>;

/** A refused transition of one of the state machines: 409 with the rule it breaks, the states named in Chinese. */
export const invalidTransition = (
  entity: keyof typeof STATE_MACHINE_NAMES,
  from: string,
  to: string,
  rule?: string,
): DomainError => {
  const [name, names] = STATE_MACHINE_NAMES[entity];
  const states: Readonly<Record<string, string>> = names;
  return new DomainError(
    'INVALID_TRANSITION',
    409,
    '不允许的状态变更',
    `该${name}当前为「${states[from] ?? from}」，不能变为「${states[to] ?? to}」；请刷新后查看其当前状态再办理。`,
    rule ? { rule } : {},
  );
};
