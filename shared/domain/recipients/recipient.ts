import { addDays, compareDates, type IsoDate, isIsoDate } from '#shared/domain/calendar/dates';
import { isValidIdNumber, maskPhone } from '#shared/domain/contracts/roster';
import { DomainError, invalidTransition } from '#shared/domain/errors';

/**
 * A service recipient (服务对象) in a station's register (服务对象建档, one of the service archives of R10.2; issue 19
 * item 1). Only what serving the person needs is kept: a category from the policy list, a needs assessment, the
 * consent record and the person's name, and where given their ID-card number, phone and address. Those four are
 * personal data (PIPL): sealed field by field (AES-256-GCM under a KMS data key, bound to the recipient's item),
 * kept besides only in masked form, and opened only by the audited reveal. Every category here is sensitive
 * personal information (PIPL Art. 28: minors' data, health, financial status), so a separate consent for it is
 * required (Art. 29), and for a child under 14 the guardian's consent (Art. 31).
 *
 *   active → deletion_pending → anonymised    (anonymised when the retention of R10.1 ends)
 */
export const RECIPIENT_STATUSES = ['active', 'deletion_pending', 'anonymised'] as const;
export type RecipientStatus = (typeof RECIPIENT_STATUSES)[number];
export const RECIPIENT_STATUS_NAMES: Readonly<Record<RecipientStatus, string>> = {
  active: '在册',
  deletion_pending: '待删除（保存期满后匿名化）',
  anonymised: '已匿名化',
};
const TRANSITIONS: Readonly<Record<RecipientStatus, readonly RecipientStatus[]>> = {
  active: ['deletion_pending'],
  deletion_pending: ['anonymised'],
  anonymised: [],
};
export function transitionRecipient(from: RecipientStatus, to: RecipientStatus): RecipientStatus {
  if (!TRANSITIONS[from].includes(to)) throw invalidTransition('服务对象', RECIPIENT_STATUS_NAMES, from, to);
  return to;
}

/** PIPL Art. 31: the personal information of a minor under this age is processed with a guardian's consent. */
export const GUARDIAN_CONSENT_AGE = 14;

export const CONSENT_GIVERS = ['self', 'guardian'] as const;
export type ConsentGiver = (typeof CONSENT_GIVERS)[number];

/** The consent record (PIPL Art. 14, 29, 31): when, for what, by whom, and the separate consent for sensitive data. */
export interface Consent {
  readonly givenOn: IsoDate;
  /** What the person agreed to, in their words or the form's (建档、服务记录、转介 …). */
  readonly scope: string;
  readonly givenBy: ConsentGiver;
  /** Art. 29: a separate consent to processing sensitive personal information. */
  readonly sensitiveDataConsent: boolean;
  /** Required when the person is under 14 (or whenever a guardian consents). */
  readonly guardian?: { readonly name: string; readonly relation: string };
}

/** A needs assessment (需求评估): the areas from the policy list, notes, when and by which worker of the roster. */
export interface Assessment {
  readonly areas: readonly string[];
  readonly notes: string;
  readonly assessedOn: IsoDate;
  readonly assessedByWorkerId: string;
}

/** The personal data in full: held only while it is sealed or by the one read that reveals it. */
export interface RecipientPersonalData {
  readonly name: string;
  readonly idNumber?: string;
  readonly phone?: string;
  readonly address?: string;
  /** The consenting guardian's name (the consent record keeps it masked). */
  readonly guardianName?: string;
}
export type SealedRecipientData = RecipientPersonalData;
export const PERSONAL_FIELDS = ['name', 'idNumber', 'phone', 'address', 'guardianName'] as const;

export interface Recipient {
  readonly id: string;
  readonly stationId: string;
  readonly districtCode: string;
  readonly streetCode: string;
  readonly status: RecipientStatus;
  readonly category: string;
  /** Masked (王*芳) until anonymised, then absent. */
  readonly name?: string;
  /** Masked: 3701**********123X. */
  readonly idNumber?: string;
  /** Masked: 138****0000. */
  readonly phone?: string;
  /** Masked: the first characters and ****. */
  readonly address?: string;
  /** The birth date (from the ID number or as given): decides the guardian's consent. Dropped when anonymised. */
  readonly birthDate?: IsoDate;
  readonly assessment?: Assessment;
  /** After anonymisation: the assessment's needs areas, kept for the statistics. */
  readonly needsAreas?: readonly string[];
  readonly consent?: Consent;
  /** The full values, sealed by the repository: opaque outside shared/adapters. Dropped when anonymised. */
  readonly sealed?: SealedRecipientData;
  readonly registeredOn: IsoDate;
  readonly deletion?: {
    readonly requestedOn: IsoDate;
    /** Why (withdrawn consent, service ended …); dropped when anonymised, as it may name the person. */
    readonly reason?: string;
    /** R10.1: the last day the record is kept (evaluation material: the policy's years after the service period). */
    readonly retainUntil: IsoDate;
    /** The day the retention job anonymises it (the day after retainUntil). */
    readonly anonymiseOn: IsoDate;
  };
  readonly anonymisedOn?: IsoDate;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export type MaskedRecipient = Omit<Recipient, 'sealed' | 'birthDate'> & { readonly birthYear?: number };

/** 王小芳 → 王*芳; 王芳 → 王*; one character stays as it is masked to *. */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}
/** 370102199001011234 → 3701**********1234 (city and the last four). */
export const maskRecipientIdNumber = (id: string): string =>
  `${id.slice(0, 4)}${'*'.repeat(Math.max(0, id.length - 8))}${id.slice(-4)}`;
export { maskPhone };
/** 解放路23号2单元 → 解放路2****: the first four characters. */
export const maskAddress = (address: string): string => `${[...address].slice(0, 4).join('')}****`;

/** The consent as stored and shown: the guardian's name masked (its full form is sealed as `guardianName`). */
export const maskedConsent = (c: Consent): Consent =>
  c.guardian ? { ...c, guardian: { ...c.guardian, name: maskName(c.guardian.name) } } : c;

/** The masked forms stored beside the sealed values. */
export function maskedPersonal(
  p: RecipientPersonalData,
): Pick<Recipient, 'name' | 'idNumber' | 'phone' | 'address'> {
  return {
    name: maskName(p.name),
    ...(p.idNumber ? { idNumber: maskRecipientIdNumber(p.idNumber) } : {}),
    ...(p.phone ? { phone: maskPhone(p.phone) } : {}),
    ...(p.address ? { address: maskAddress(p.address) } : {}),
  };
}

/** The recipient as anyone but the database sees it: masked values, the birth year only, no sealed values. */
export function maskedRecipient(r: Recipient): MaskedRecipient {
  const { sealed: _sealed, birthDate, ...rest } = r;
  return { ...rest, ...(birthDate ? { birthYear: Number(birthDate.slice(0, 4)) } : {}) };
}

const invalid = (code: string, title: string, path: string, message: string, rule?: string) =>
  new DomainError(code, 422, title, undefined, {
    errors: [{ path, message }],
    ...(rule ? { rule } : {}),
  });

/** GB 11643: the check digit and a real birth date (YYYYMMDD at positions 7–14). */
export function birthDateOfIdNumber(idNumber: string): IsoDate {
  const date = `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`;
  if (!isValidIdNumber(idNumber) || !isIsoDate(date)) {
    throw invalid(
      'ID_NUMBER_INVALID',
      '身份证号码无效',
      'body.idNumber',
      '身份证号码应为 18 位，出生日期真实且校验码正确（GB 11643）',
    );
  }
  return date;
}

/** Whole years of age on `on`. */
export function ageOn(birthDate: IsoDate, on: IsoDate): number {
  const years = Number(on.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return on.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

/**
 * The birth date the rules use: the ID number's when there is one (a birth date given besides must agree), else the
 * one given; one of them is required, since the guardian rule depends on it.
 */
export function resolveBirthDate(
  idNumber: string | undefined,
  given: IsoDate | undefined,
  today: IsoDate,
): IsoDate {
  const fromId = idNumber ? birthDateOfIdNumber(idNumber) : undefined;
  if (fromId && given && fromId !== given) {
    throw invalid(
      'BIRTH_DATE_MISMATCH',
      '出生日期与身份证号码不一致',
      'body.birthDate',
      `身份证号码中的出生日期为 ${fromId}，与填写的出生日期不一致`,
    );
  }
  const birthDate = fromId ?? given;
  if (!birthDate) {
    throw invalid(
      'BIRTH_DATE_REQUIRED',
      '须提供身份证号码或出生日期',
      'body.birthDate',
      '未提供身份证号码时须填写出生日期（用于判断是否须监护人同意）',
    );
  }
  if (compareDates(birthDate, today) > 0) {
    throw invalid('BIRTH_DATE_INVALID', '出生日期不能晚于今天', 'body.birthDate', '出生日期不能晚于今天');
  }
  return birthDate;
}

/**
 * The consent rules (PIPL Art. 14, 29, 31), checked whenever a recipient is registered or its consent changes:
 * a consent is recorded, dated no later than today, with a separate consent for sensitive data; for a person under
 * 14 on `today` the consent is the guardian's, naming the guardian and the relation.
 */
export function checkConsent(consent: Consent | undefined, birthDate: IsoDate, today: IsoDate): Consent {
  if (!consent) {
    throw new DomainError(
      'CONSENT_REQUIRED',
      422,
      '须先取得服务对象的同意',
      '建档前须取得本人（或监护人）同意，并记录同意日期、范围和同意人（《个人信息保护法》第十四条）。',
      { errors: [{ path: 'body.consent', message: '必填' }] },
    );
  }
  if (compareDates(consent.givenOn, today) > 0) {
    throw invalid(
      'CONSENT_DATE_INVALID',
      '同意日期不能晚于今天',
      'body.consent.givenOn',
      '同意日期不能晚于今天',
    );
  }
  if (!consent.sensitiveDataConsent) {
    throw new DomainError(
      'SENSITIVE_DATA_CONSENT_REQUIRED',
      422,
      '须取得处理敏感个人信息的单独同意',
      '服务对象的类别、健康与经济状况属于敏感个人信息，须取得单独同意后方可建档（《个人信息保护法》第二十九条）。',
      { errors: [{ path: 'body.consent.sensitiveDataConsent', message: '须为 true（已取得单独同意）' }] },
    );
  }
  const minor = ageOn(birthDate, today) < GUARDIAN_CONSENT_AGE;
  const guardianNamed = consent.guardian !== undefined;
  if (
    (minor && (consent.givenBy !== 'guardian' || !guardianNamed)) ||
    (consent.givenBy === 'guardian' && !guardianNamed)
  ) {
    throw new DomainError(
      'GUARDIAN_CONSENT_REQUIRED',
      422,
      '须取得监护人的同意',
      minor
        ? '服务对象未满十四周岁，须由其父母或其他监护人同意，并记录监护人姓名及与服务对象的关系（《个人信息保护法》第三十一条）。'
        : '由监护人同意时须记录监护人姓名及与服务对象的关系。',
      {
        errors: [{ path: 'body.consent.guardian', message: '须填写监护人姓名及关系，且同意人为监护人' }],
      },
    );
  }
  return consent;
}

/** The assessment's areas must come from the policy list; its date no later than today. */
export function checkAssessment(
  assessment: Assessment,
  areas: readonly string[],
  today: IsoDate,
): Assessment {
  const unknown = assessment.areas.filter((a) => !areas.includes(a));
  if (unknown.length > 0) {
    throw invalid(
      'NEEDS_AREA_UNKNOWN',
      '需求领域不在政策清单中',
      'body.assessment.areas',
      `需求领域 ${unknown.join('、')} 不在现行政策的需求领域清单中`,
    );
  }
  if (compareDates(assessment.assessedOn, today) > 0) {
    throw invalid(
      'ASSESSMENT_DATE_INVALID',
      '评估日期不能晚于今天',
      'body.assessment.assessedOn',
      '评估日期不能晚于今天',
    );
  }
  return assessment;
}

export function checkCategory(
  category: string,
  categories: readonly { code: string; name: string }[],
): string {
  if (!categories.some((c) => c.code === category)) {
    throw invalid(
      'CATEGORY_UNKNOWN',
      '服务对象类别不在政策清单中',
      'body.category',
      `类别须为以下之一：${categories.map((c) => `${c.code}（${c.name}）`).join('、')}`,
    );
  }
  return category;
}

/** The day after the last day of retention: when the job anonymises a record marked for deletion. */
export const anonymiseOnAfter = (retainUntil: IsoDate): IsoDate => addDays(retainUntil, 1);

/**
 * What remains of a recipient when its retention ends: the fields that identify nobody (station, district, street,
 * category, needs areas, registration day) for the statistics; name, numbers, address, birth date, assessment
 * notes, the consent's names and the sealed values are gone.
 */
export function anonymised(r: Recipient, today: IsoDate, at: string): Recipient {
  return {
    id: r.id,
    stationId: r.stationId,
    districtCode: r.districtCode,
    streetCode: r.streetCode,
    status: transitionRecipient(r.status, 'anonymised'),
    category: r.category,
    ...(r.assessment ? { needsAreas: [...r.assessment.areas] } : {}),
    registeredOn: r.registeredOn,
    ...(r.deletion
      ? {
          deletion: {
            requestedOn: r.deletion.requestedOn,
            retainUntil: r.deletion.retainUntil,
            anonymiseOn: r.deletion.anonymiseOn,
          },
        }
      : {}),
    anonymisedOn: today,
    version: r.version + 1,
    createdAt: r.createdAt,
    updatedAt: at,
  };
}
