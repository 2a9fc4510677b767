import type { IsoDate } from '#shared/domain/calendar/dates';

/**
 * R10.1: every document the system holds belongs to an archive category, which decides how long it is kept.
 * Accounting vouchers are kept the policy's accounting years after the end of the year of the expense (会计档案);
 * reports, evaluation reports, service records and handover documents are evaluation-related material, kept the
 * policy's evaluation-material years (at least 5) after the end of the service period they document.
 */
export const ARCHIVE_CATEGORIES = [
  'accounting',
  'service_report',
  'evaluation_report',
  'service_record',
  'handover',
] as const;
export type ArchiveCategory = (typeof ARCHIVE_CATEGORIES)[number];

export interface RetentionRule {
  readonly accountingYears: number;
  readonly evaluationMaterialYears: number;
}

const isLeap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/** The same calendar date `years` later; 29 February of a leap year lands on 1 March (kept longer, never shorter). */
export function plusYears(date: IsoDate, years: number): IsoDate {
  const year = Number(date.slice(0, 4)) + years;
  if (date.slice(5) === '02-29' && !isLeap(year)) return `${year}-03-01`;
  return `${year}${date.slice(4)}`;
}

/**
 * The last day a document must be kept. `periodEnd` is the end of the service period the document belongs to
 * (a contract's end); a document of no contract (a district's annual report) counts from the end of its year.
 */
export function retainUntil(
  category: ArchiveCategory,
  document: { readonly date: IsoDate; readonly periodEnd?: IsoDate },
  rule: RetentionRule,
): IsoDate {
  if (category === 'accounting') return `${Number(document.date.slice(0, 4)) + rule.accountingYears}-12-31`;
  const end = document.periodEnd ?? `${document.date.slice(0, 4)}-12-31`;
  return plusYears(end, rule.evaluationMaterialYears);
}

/** The instant an Object Lock retention must reach: the end of the retain-until day in Asia/Shanghai. */
export function lockUntilInstant(until: IsoDate): Date {
  return new Date(Date.parse(`${until}T00:00:00+08:00`) + 86_400_000);
}

/**
 * Issue 19: a service recipient's file (服务对象建档) is service material of the station's evaluations (R10.1,
 * listed among the service archives of R10.2), so once marked for deletion it is kept as a service record is: the
 * policy's evaluation-material years after the end of the service period it documents (the contract in force when
 * it was marked; without one, the year of the mark).
 */
export const recipientRetainUntil = (
  markedOn: IsoDate,
  periodEnd: IsoDate | undefined,
  rule: RetentionRule,
): IsoDate => retainUntil('service_record', { date: markedOn, ...(periodEnd ? { periodEnd } : {}) }, rule);
