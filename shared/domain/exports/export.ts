import type { Role } from '#shared/domain/access/roles';
import { DomainError } from '#shared/domain/errors';

/**
 * Export (导出) of a register to .xlsx for the bureau's own reporting (issue 19 item 5). This module holds the pure
 * rules: the kinds, who may export which (the read rules of each kind's list route), which kinds carry personal data
 * that an unmasked export reveals, and the bound on an unmasked file (its audit record names every person in it).
 */
export const EXPORT_KINDS = ['stations', 'contracts', 'workers', 'recipients', 'volunteers'] as const;
export type ExportKindId = (typeof EXPORT_KINDS)[number];

export const EXPORT_TITLES: Readonly<Record<ExportKindId, string>> = {
  stations: '社工站',
  contracts: '服务合同',
  workers: '社工',
  recipients: '服务对象',
  volunteers: '志愿者',
};

/**
 * Who may export a kind: the roles that read its list route (GET /stations, /contracts, a contract's roster, a
 * station's recipients and volunteers), less the operators (the export is the bureaus' reporting). The city reads no
 * individual recipient's file (minimum necessary, PIPL Art. 6), so it exports none.
 */
export const EXPORT_READERS: Readonly<Record<ExportKindId, readonly Role[]>> = {
  stations: [
    'city_civil_affairs',
    'city_finance',
    'district_civil_affairs',
    'district_finance',
    'street_office',
    'auditor',
  ],
  contracts: [
    'city_civil_affairs',
    'city_finance',
    'district_civil_affairs',
    'district_finance',
    'street_office',
    'auditor',
  ],
  workers: [
    'city_civil_affairs',
    'city_finance',
    'district_civil_affairs',
    'district_finance',
    'street_office',
    'auditor',
  ],
  recipients: ['district_civil_affairs', 'street_office'],
  volunteers: ['city_civil_affairs', 'district_civil_affairs', 'street_office'],
};

/**
 * The kinds whose personal data has an audited reveal (the worker's and the recipient's personal-data routes): only
 * they may be exported unmasked, and only by the district civil affairs bureau for its own district, the role both
 * reveal routes allow besides the operator.
 */
export const REVEALABLE_KINDS: readonly ExportKindId[] = ['workers', 'recipients'];
export const REVEALING_ROLE: Role = 'district_civil_affairs';

/**
 * An unmasked export's audit record names every person whose data it carries (one record, in the same transaction
 * as the check that nothing changed since it was read), so a file is bounded: narrow it to a street beyond this.
 */
export const MAX_UNMASKED_ROWS = 5_000;

/** How long the download link lives: long enough to click, short enough not to be passed around. */
export const EXPORT_URL_TTL_SECONDS = 300;

export const exportFileName = (kind: ExportKindId, scopeName: string, today: string, unmasked: boolean) =>
  `${scopeName}${EXPORT_TITLES[kind]}_${today.replaceAll('-', '')}${unmasked ? '_完整信息' : ''}.xlsx`;

export const unmaskedNotAllowed = (kind: ExportKindId): DomainError =>
  REVEALABLE_KINDS.includes(kind)
    ? new DomainError(
        'EXPORT_UNMASKED_FORBIDDEN',
        403,
        '无权导出完整个人信息',
        '只有区县民政部门可导出本区县的完整个人信息（须填写理由，记入审计）；其他角色只能导出掩码后的数据。',
      )
    : new DomainError(
        'EXPORT_UNMASKED_NOT_APPLICABLE',
        422,
        '该类数据不提供完整信息导出',
        `「${EXPORT_TITLES[kind]}」只导出掩码后的数据；完整个人信息仅可导出社工和服务对象。`,
        { errors: [{ path: 'body.unmasked', message: '仅社工、服务对象可导出完整信息' }] },
      );

export const reasonRequired = (): DomainError =>
  new DomainError(
    'EXPORT_REASON_REQUIRED',
    422,
    '请填写导出理由',
    '导出完整个人信息须填写理由，理由记入审计。',
    {
      errors: [{ path: 'body.reason', message: '导出完整个人信息须填写理由' }],
    },
  );

export const tooManyUnmasked = (): DomainError =>
  new DomainError(
    'EXPORT_TOO_LARGE',
    422,
    '完整信息导出的行数过多',
    `完整个人信息每次最多导出 ${MAX_UNMASKED_ROWS} 行，本次范围超出；请按街道（镇）分批导出。`,
    { errors: [{ path: 'body.streetCode', message: '请指定街道（镇）缩小范围' }] },
  );
