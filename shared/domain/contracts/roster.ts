import type { IsoDate } from '#shared/domain/calendar/dates';
import {
  QUALIFICATION_LEVELS,
  QUALIFICATION_NAMES,
  type QualificationLevel,
  type StaffingRequirement,
} from './contract';

/**
 * A social worker on a contract's roster (R9.1). The ID-card number and the phone are sensitive personal data
 * (PIPL): they are stored sealed (field-level AES-256-GCM under a KMS data key, bound to the worker's record), kept
 * besides only in their masked form, never logged, and shown masked in lists, responses and audit records. The
 * full values are opened only by `revealWorker`, which records each read.
 */
export interface Worker {
  readonly id: string;
  readonly contractId: string;
  readonly stationId: string;
  readonly districtCode: string;
  readonly streetCode: string;
  readonly orgId: string;
  readonly name: string;
  readonly qualification: QualificationLevel;
  readonly certificateNumber?: string;
  /** Masked: 370102********1234. */
  readonly idNumber: string;
  /** Masked: 138****5678. */
  readonly phone?: string;
  /** The full values, sealed by the repository: opaque outside shared/adapters. */
  readonly sealed: SealedWorkerData;
  readonly startOn: IsoDate;
  readonly endOn?: IsoDate;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A worker's sensitive personal data in full: held only while it is sealed or by the one read that reveals it. */
export interface WorkerPersonalData {
  readonly idNumber: string;
  readonly phone?: string;
}

/** The same, sealed (`enc:v1:…` strings). */
export interface SealedWorkerData {
  readonly idNumber: string;
  readonly phone?: string;
}

/** 370102199001011234 → 370102********1234 (the usual public form: region and last four). */
export const maskIdNumber = (id: string): string =>
  `${id.slice(0, 6)}${'*'.repeat(Math.max(0, id.length - 10))}${id.slice(-4)}`;

/** 13812345678 → 138****5678. */
export const maskPhone = (phone: string): string => `${phone.slice(0, 3)}****${phone.slice(-4)}`;

export type MaskedWorker = Omit<Worker, 'sealed'>;

/**
 * The worker as anyone but the database sees it: masked values (masking again is harmless: a masked value masks to
 * itself) and no sealed values.
 */
export function maskedWorker(w: Worker | MaskedWorker): MaskedWorker {
  const { sealed: _sealed, ...rest } = w as Worker;
  return { ...rest, idNumber: maskIdNumber(w.idNumber), ...(w.phone ? { phone: maskPhone(w.phone) } : {}) };
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** The ISO 7064 MOD 11-2 check character of a GB 11643 ID number's first 17 digits. */
export function idNumberCheckCharacter(first17: string): string {
  const sum = ID_WEIGHTS.reduce((acc, w, i) => acc + w * Number(first17[i]), 0);
  return ID_CHECK[sum % 11] as string;
}

/** GB 11643 citizen ID number: 18 characters with the ISO 7064 MOD 11-2 check character. */
export function isValidIdNumber(id: string): boolean {
  return /^\d{17}[\dX]$/.test(id) && idNumberCheckCharacter(id) === id[17];
}

const rank = (level: QualificationLevel): number => QUALIFICATION_LEVELS.indexOf(level);

/**
 * R9.1 staffing against the contract: the head count, and for each level the workers at that level or above
 * against the minimums at that level or above (a 社会工作师 also fills an 助理 place). Empty when staffed.
 */
export function staffingShortfalls(
  required: StaffingRequirement,
  onStaff: readonly Pick<Worker, 'qualification'>[],
): string[] {
  const shortfalls: string[] = [];
  if (onStaff.length < required.total)
    shortfalls.push(`在岗 ${onStaff.length} 人，合同要求 ${required.total} 人`);
  for (const level of QUALIFICATION_LEVELS) {
    if (level === 'none') continue;
    const needed = QUALIFICATION_LEVELS.filter((l) => l !== 'none' && rank(l) >= rank(level)).reduce(
      (sum, l) => sum + (required.minimumByLevel[l as Exclude<QualificationLevel, 'none'>] ?? 0),
      0,
    );
    const have = onStaff.filter((w) => rank(w.qualification) >= rank(level)).length;
    if (have < needed)
      shortfalls.push(`${QUALIFICATION_NAMES[level]}及以上 ${have} 人，要求至少 ${needed} 人`);
  }
  return shortfalls;
}
