import type { ReportDuePartition } from '#shared/adapters/dynamodb/keys';
import {
  dueSlots,
  getSlot,
  reportDuePartition,
  slotsOfDistrictDue,
  updateSlotWrite,
} from '#shared/adapters/dynamodb/reports.repository';
import { auditRecordOf, commitWithAudit } from '#shared/adapters/dynamodb/unit-of-work';
import type { Principal } from '#shared/domain/access/roles';
import type { Actor } from '#shared/domain/audit/audit-record';
import { addDays, compareDates, type IsoDate } from '#shared/domain/calendar/dates';
import type { DomainError } from '#shared/domain/errors';
import {
  applyDueSteps,
  type ReportSlot,
  type ReportStep,
  STATION_REPORT_KINDS,
  stepAudience,
} from '#shared/domain/reports/report-slot';
import type { Notification } from '#shared/domain/reports/submission';
import { type Tally, tally } from '#shared/domain/reports/timeliness';
import { logger } from '#shared/http/logger';
import { byId, type FanOut } from '#shared/jobs/fan-out';
import { readableDistricts } from '../access';
import { deliverNotices } from '../notify/deliveries.use-case';
import { type ServiceVolumeView, serviceVolumeOf } from '../services/service-volume.use-case';
import { type Notice, notificationWrites, notify } from './notifications.use-case';

export interface StepRun {
  /** Index items DynamoDB read: bounded by the slots with a step due, never the table. */
  readonly examined: number;
  readonly acted: number;
  readonly failed: number;
}

const provisionalNote = (slot: ReportSlot) =>
  slot.dueProvisional ? '（该年度节假日安排尚未正式公布，日期按工作日规则推算，可能调整）' : '';

function noticeOf(slot: ReportSlot, step: ReportStep): Notice {
  const subject = { type: 'report' as const, id: slot.id };
  if (step.kind === 'remind') {
    return {
      type: 'report.reminder',
      title: `【报告提醒】${slot.title} 将于 ${slot.dueOn} 到期`,
      body: `${slot.title}应于 ${slot.dueOn}（含）前提交，目前尚未提交，请按时上传。${provisionalNote(slot)}`,
      subject,
    };
  }
  if (step.kind === 'overdue') {
    return {
      type: 'report.overdue',
      title: `【报告逾期】${slot.title}`,
      body: `${slot.title}应于 ${slot.dueOn}（含）前提交，至今未提交，已标记为逾期。${
        slot.kind === 'annual_district' ? '已报市民政局。' : ''
      }`,
      subject,
    };
  }
  return {
    type: 'report.escalated',
    title: `【逾期督办】${slot.title}`,
    body: `${slot.title}应于 ${slot.dueOn}（含）前提交，逾期${step.id.replace('escalate-', '')}个工作日仍未提交，请督促报送。`,
    subject,
  };
}

/**
 * One slot's due steps on `today`, saved with the notices in one conditional transaction. A second run the
 * same day (or a redelivered work message, issue 20) finds the steps done (or the slot no longer in the index)
 * and does nothing. The report-deadlines worker (functions/jobs/report-deadlines.worker.ts) calls it per message.
 */
export async function runReportSlot(id: string, today: IsoDate, actor: Actor): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    const slot = await getSlot(id);
    if (!slot) return false;
    const applied = applyDueSteps(slot, today, actor.now.toISOString());
    if (!applied) return false;
    const { after, decision } = applied;
    const notes: Notification[] = decision.act.flatMap((step) =>
      notify(stepAudience(slot, step), noticeOf(slot, step), actor.now),
    );
    try {
      await commitWithAudit(
        [updateSlotWrite(slot, after), ...notificationWrites(notes)],
        [
          auditRecordOf(actor, {
            action: 'report.deadline-steps',
            entity: { type: 'report', id: slot.id },
            scope: { district: slot.districtCode, ...(slot.streetCode ? { street: slot.streetCode } : {}) },
            before: { overdue: slot.overdue, nextActionOn: slot.nextActionOn ?? null },
            after: {
              overdue: after.overdue,
              nextActionOn: after.nextActionOn ?? null,
              acted: decision.act.map((s) => s.id),
              skipped: decision.skip.map((s) => s.id),
            },
          }),
        ],
      );
    } catch (error) {
      if ((error as DomainError).code === 'VERSION_CONFLICT' && attempt < 3) continue;
      throw error;
    }
    await deliverNotices(notes, actor.now);
    return decision.act.length > 0;
  }
}

/**
 * The report-deadline steps in line (R9.3 with B1; R20.1): read the slots with a step due by `today` through the
 * byDue index and act on each on its own, so one failure never stops the others. Both jobs fan the same slots out
 * to a worker instead (`reportDeadlinesFanOut`, `novemberReportDeadlinesFanOut`, issue 20); the benchmark runs
 * both ways on the same items.
 */
export async function runReportSteps(
  partition: ReportDuePartition,
  today: IsoDate,
  actor: Actor,
): Promise<StepRun> {
  const { ids, read } = await dueSlots(partition, today);
  let acted = 0;
  let failed = 0;
  for (const id of ids) {
    try {
      if (await runReportSlot(id, today, actor)) acted += 1;
    } catch (error) {
      failed += 1;
      logger.error('report deadline step failed', { slot: id, error: error as Error });
    }
  }
  return { examined: read, acted, failed };
}

/** Issue 20: the daily R9.3 job's fan-out: its byDue partition, and one slot's steps per work message. */
export const reportDeadlinesFanOut: FanOut = {
  jobId: 'report-deadlines',
  partitions: [byId(reportDuePartition('REPORT'), runReportSlot)],
};

/** Issue 20: the R20.1 November job's fan-out: the districts' annual report slots, one per work message. */
export const novemberReportDeadlinesFanOut: FanOut = {
  jobId: 'november-report-deadlines',
  partitions: [byId(reportDuePartition('ANNUAL_REPORT'), runReportSlot)],
};

export interface TimelinessQuery {
  readonly year: number;
  readonly month?: number;
  readonly district?: string;
}

export interface TimelinessView {
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly asOf: IsoDate;
  readonly total: Tally;
  readonly byDistrict: readonly (Tally & { readonly districtCode: string })[];
  readonly byStation: readonly (Tally & {
    readonly stationId: string;
    readonly districtCode: string;
    readonly streetCode: string;
  })[];
  readonly byMonth: readonly (Tally & { readonly month: string })[];
  readonly serviceVolume: ServiceVolumeView;
}

/**
 * B3: on-time and late rates of station reports (monthly briefs, mid-term, final) due in a year or month and by
 * `asOf`, per station, district and due month. The city reads any district (all by default), a district its own.
 */
export async function reportTimeliness(
  principal: Principal,
  q: TimelinessQuery,
  asOf: IsoDate,
): Promise<TimelinessView> {
  const districts = await readableDistricts(principal, q.district);
  const mm = q.month ? String(q.month).padStart(2, '0') : undefined;
  const from = mm ? `${q.year}-${mm}-01` : `${q.year}-01-01`;
  const to = mm ? `${q.year}-${mm}-31` : `${q.year}-12-31`;
  const slots: ReportSlot[] = [];
  for (const district of districts) {
    slots.push(
      ...(await slotsOfDistrictDue(district, from, to)).filter(
        (s) =>
          STATION_REPORT_KINDS.includes(s.kind) &&
          s.status !== 'cancelled' &&
          compareDates(s.dueOn, asOf) < 0,
      ),
    );
  }
  const group = <K extends string>(keyOf: (s: ReportSlot) => K) => {
    const groups = new Map<K, ReportSlot[]>();
    for (const s of slots) groups.set(keyOf(s), [...(groups.get(keyOf(s)) ?? []), s]);
    return [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  };
  return {
    from,
    to,
    asOf,
    total: tally(slots),
    byDistrict: group((s) => s.districtCode).map(([districtCode, list]) => ({
      districtCode,
      ...tally(list),
    })),
    byStation: group((s) => s.stationId ?? '').map(([stationId, list]) => ({
      stationId,
      districtCode: list[0]?.districtCode ?? '',
      streetCode: list[0]?.streetCode ?? '',
      ...tally(list),
    })),
    byMonth: group((s) => s.dueOn.slice(0, 7)).map(([month, list]) => ({ month, ...tally(list) })),
    // Issue 19 item 3: the same period's service volume per station and district, from the records.
    serviceVolume: await serviceVolumeOf(districts, { from, to: mm ? lastDayOf(q.year, Number(mm)) : to }),
  };
}

/** The last calendar day of a month (the slots' `to` above is a bound for string comparison only). */
const lastDayOf = (year: number, month: number): IsoDate =>
  addDays(month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`, -1);
