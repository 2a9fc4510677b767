import { getComplaint, updateComplaintWrite } from '#shared/adapters/dynamodb/complaints.repository';
import {
  type EvaluationWindowRecord,
  getNotice,
  getWindow,
  updateNoticeWrite,
  updateWindowWrite,
} from '#shared/adapters/dynamodb/evaluations.repository';
import { getHandover, updateHandoverWrite } from '#shared/adapters/dynamodb/handover.repository';
import {
  getRectification,
  updateRectificationWrite,
} from '#shared/adapters/dynamodb/rectification.repository';
import type { Write } from '#shared/adapters/dynamodb/unit-of-work';
import type { IsoDate } from '#shared/domain/calendar/dates';
import type { WorkingCalendar } from '#shared/domain/calendar/working-days';
import { type Complaint, isComplaintRedatable, redateComplaint } from '#shared/domain/complaints/complaint';
import {
  isPublicityRedatable,
  type PublicityNotice,
  redatePublicity,
} from '#shared/domain/evaluation/evaluation';
import { type Handover, isHandoverRedatable, redateHandover } from '#shared/domain/handover/handover';
import {
  isRectificationRedatable,
  type Rectification,
  redateRectification,
} from '#shared/domain/rectification/rectification';
import type { Party } from '#shared/domain/reports/report-slot';
import type { Notification, NotificationType } from '#shared/domain/reports/submission';
import { isWindowRedatable, redateWindow } from '../evaluation/evaluation-windows.use-case';

/**
 * Issue 18: every kind of dated item, other than report slots, whose pending dates a calendar year's entry or
 * correction computes again — publicity closings, evaluation-window alerts, complaint, handover and rectification
 * deadlines. Each kind says how to read an item, how to compute its dates again from the basis it stored, how to
 * write it back (conditional on its version) and whom to tell; recompute-dates.use-case.ts does the rest, the same
 * way for all. A kind's pointer in `CALDEP#<year>` is `<kind>#<id>`.
 */
export interface DatedKind<T extends { readonly version: number }> {
  /** The audit record's entity type; the action is `<type>.redate`. */
  readonly type: string;
  readonly load: (id: string) => Promise<T | undefined>;
  /** The item with its dates computed again (version not yet raised); undefined when nothing would change. */
  readonly redate: (item: T, calendar: WorkingCalendar) => T | undefined;
  /** Whether something of the item is still pending and depends on `year` (its pointer stays). */
  readonly dependsOn: (item: T, year: number) => boolean;
  readonly write: (before: T, after: T) => Write;
  readonly entityId: (item: T) => string;
  readonly scope: (item: T) => { district?: string; street?: string };
  /** The item's dates the parties see, by field, and whether any of its dates is still provisional. */
  readonly dates: (item: T) => { named: Record<string, IsoDate>; provisional: boolean };
  /** The Chinese name of each of those dates, for the notice. */
  readonly names: Readonly<Record<string, string>>;
  /** The steps (alert dates) kept in the audit record. */
  readonly steps?: (item: T) => readonly { id: string; on: IsoDate; done?: string }[];
  /** What the notice is about and who receives it when a named date moved. */
  readonly notice: (item: T) => {
    readonly to: readonly Party[];
    readonly type: NotificationType;
    readonly what: string;
    readonly subject: Notification['subject'];
  };
}

const dependsOn =
  <T extends { calendarYears?: readonly number[] }>(pending: (item: T) => boolean) =>
  (item: T, year: number) =>
    pending(item) && (item.calendarYears ?? []).includes(year);

/** Drops a derived field the recomputation may leave without a value (a DynamoDB item has no undefined). */
const without = <T, K extends keyof T>(item: T, key: K): Omit<T, K> => {
  const { [key]: _dropped, ...rest } = item;
  return rest;
};

const complaintKind: DatedKind<Complaint> = {
  type: 'complaint',
  load: getComplaint,
  redate: (c, calendar) => {
    const changed = redateComplaint(c, calendar);
    return changed ? ({ ...without(c, 'nextActionOn'), ...changed } as Complaint) : undefined;
  },
  dependsOn: dependsOn(isComplaintRedatable),
  write: updateComplaintWrite,
  entityId: (c) => c.id,
  scope: (c) => ({ district: c.districtCode, street: c.streetCode }),
  dates: (c) => ({
    named: { acknowledgeBy: c.acknowledgeBy, resolveBy: c.resolveBy },
    provisional: c.provisional,
  }),
  names: { acknowledgeBy: '受理期限', resolveBy: '办结期限' },
  steps: (c) => c.steps,
  notice: (c) => ({
    to: [{ role: 'district_civil_affairs', district: c.districtCode }],
    type: 'complaint.deadline',
    what: `关于${c.stationName}的投诉`,
    subject: { type: 'complaint', id: c.id },
  }),
};

const handoverKind: DatedKind<Handover> = {
  type: 'handover',
  load: getHandover,
  redate: (h, calendar) => {
    const changed = redateHandover(h, calendar);
    return changed ? ({ ...without(h, 'nextActionOn'), ...changed } as Handover) : undefined;
  },
  dependsOn: dependsOn(isHandoverRedatable),
  write: updateHandoverWrite,
  entityId: (h) => h.id,
  scope: (h) => ({ district: h.districtCode, street: h.streetCode }),
  dates: (h) => ({ named: { deadlineOn: h.deadlineOn }, provisional: h.provisional }),
  names: { deadlineOn: '档案移交期限' },
  steps: (h) => h.steps,
  notice: (h) => ({
    to: [
      { role: 'operator', org: h.exitingOrg },
      { role: 'district_civil_affairs', district: h.districtCode },
      ...(h.nextOperator ? [{ role: 'operator' as const, org: h.nextOperator.orgId }] : []),
    ],
    type: 'handover.deadline',
    what: `合同 ${h.contractNumber} 的档案移交`,
    subject: { type: 'contract', id: h.contractId },
  }),
};

const rectificationKind: DatedKind<Rectification> = {
  type: 'rectification',
  load: getRectification,
  redate: (r, calendar) => {
    const changed = redateRectification(r, calendar);
    return changed ? ({ ...without(r, 'nextActionOn'), ...changed } as Rectification) : undefined;
  },
  dependsOn: dependsOn(isRectificationRedatable),
  write: updateRectificationWrite,
  entityId: (r) => r.id,
  scope: (r) => ({ district: r.districtCode, ...(r.streetCode ? { street: r.streetCode } : {}) }),
  dates: (r) => ({ named: { deadline: r.deadline }, provisional: r.deadlineProvisional }),
  names: { deadline: '整改期限' },
  steps: (r) => r.steps,
  notice: (r) => ({
    to: [r.owner, r.raisedBy],
    type: 'rectification.deadline',
    what: `${r.subjectName}的整改事项`,
    subject: { type: 'rectification', id: r.id },
  }),
};

const publicityKind: DatedKind<PublicityNotice> = {
  type: 'publicity',
  load: getNotice,
  redate: (n, calendar) => {
    const changed = redatePublicity(n, calendar);
    return changed ? { ...n, ...changed } : undefined;
  },
  dependsOn: dependsOn(isPublicityRedatable),
  write: updateNoticeWrite,
  entityId: (n) => n.id,
  scope: (n) => ({ district: n.districtCode, street: n.streetCode }),
  dates: (n) => ({
    named: { minEndOn: n.period.minEndOn, closableOn: n.period.closableOn },
    provisional: n.period.provisional,
  }),
  names: { minEndOn: '公示期最后一个工作日', closableOn: '可结束公示之日' },
  notice: (n) => ({
    to: [
      { role: 'district_civil_affairs', district: n.districtCode },
      { role: 'street_office', street: n.streetCode },
    ],
    type: 'evaluation.published',
    what: `${n.stationName}评估结果的公示`,
    subject: { type: 'evaluation', id: n.evaluationId },
  }),
};

const stepOn = (w: EvaluationWindowRecord, id: string): IsoDate => w.steps.find((s) => s.id === id)?.on ?? '';

const windowKind: DatedKind<EvaluationWindowRecord> = {
  type: 'evaluation-window',
  load: (id) => {
    const at = id.lastIndexOf('#');
    return getWindow(id.slice(0, at), Number(id.slice(at + 1)));
  },
  redate: (w, calendar) => {
    const changed = redateWindow(w, calendar);
    return changed ? ({ ...without(w, 'nextActionOn'), ...changed } as EvaluationWindowRecord) : undefined;
  },
  dependsOn: dependsOn(isWindowRedatable),
  write: updateWindowWrite,
  entityId: (w) => `${w.contractId}#${w.n}`,
  scope: (w) => ({ district: w.districtCode, street: w.streetCode }),
  dates: (w) => ({
    named: {
      before: stepOn(w, 'before'),
      opening: stepOn(w, 'opening'),
      uncommissioned: stepOn(w, 'uncommissioned'),
    },
    provisional: w.provisional,
  }),
  names: { before: '委托评估提醒日', opening: '评估窗口开启通知日', uncommissioned: '未委托提醒日' },
  steps: (w) => w.steps,
  notice: (w) => ({
    to: [{ role: 'district_civil_affairs', district: w.districtCode }],
    type: 'evaluation.window',
    what: `合同 ${w.contractNumber} 第 ${w.n} 服务年度的评估窗口提醒`,
    subject: { type: 'contract', id: w.contractId },
  }),
};

/** The kinds by the prefix of their pointer (`<kind>#<id>` in `CALDEP#<year>`). */
export const DATED_KINDS = {
  complaint: complaintKind,
  handover: handoverKind,
  rectification: rectificationKind,
  publicity: publicityKind,
  'evaluation-window': windowKind,
} as const;
