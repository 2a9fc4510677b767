import {
  advanceRecomputeWrite,
  type CalendarRecompute,
  dependentsOf,
  dropDependentWrite,
  pendingRecomputes,
} from '#shared/adapters/dynamodb/calendar.repository';
import { getSlot, querySlots, updateSlotWrite } from '#shared/adapters/dynamodb/reports.repository';
import { auditRecordOf, commitWithAudit } from '#shared/adapters/dynamodb/unit-of-work';
import type { Actor } from '#shared/domain/audit/audit-record';
import type { IsoDate } from '#shared/domain/calendar/dates';
import type { WorkingCalendar } from '#shared/domain/calendar/working-days';
import type { DomainError } from '#shared/domain/errors';
import {
  isRedatable,
  type Party,
  type ReportSlot,
  type ReportStep,
  redateSlot,
} from '#shared/domain/reports/report-slot';
import type { Notification } from '#shared/domain/reports/submission';
import { logger } from '#shared/http/logger';
import { deliverNotices } from '../notify/deliveries.use-case';
import { notificationWrites, notify } from '../reports/notifications.use-case';
import { loadWorkingCalendar } from './calendar.use-case';
import { DATED_KINDS, type DatedKind } from './dated-kinds';

/** Dependents read per page, and pages per run: a run is bounded; the next run continues from the saved cursor. */
export const RECOMPUTE_PAGE = 25;
export const RECOMPUTE_PAGES_PER_RUN = 20;

export interface RecomputeRun {
  /** Dependents read (pointer items), bounded by the pages of a run. */
  readonly examined: number;
  /** Dated items whose dates changed (each its own transaction with its audit record and notices). */
  readonly acted: number;
  readonly failed: number;
}

const describeSteps = (steps: readonly ReportStep[]) =>
  steps.map((s) => ({ id: s.id, on: s.on, ...(s.provisional ? { provisional: true } : {}) }));

/**
 * One slot's dates computed again on the calendar now loaded, saved with its audit record and the notices in one
 * conditional transaction (issue 18). The submitter is told when a reminder moved; the recipients too when the due
 * date moved. Nothing is written when nothing changes, so a second run changes nothing. Returns whether it changed.
 */
async function redateOne(slot: ReportSlot, calendar: WorkingCalendar, actor: Actor): Promise<boolean> {
  const changed = redateSlot(slot, calendar);
  if (!changed) return false;
  const { nextActionOn: _n, ...rest } = slot;
  const after: ReportSlot = {
    ...rest,
    ...changed,
    version: slot.version + 1,
    updatedAt: actor.now.toISOString(),
  };
  const dueMoved = after.dueOn !== slot.dueOn;
  const stepsMoved = after.steps.some((s, i) => s.on !== slot.steps[i]?.on);
  const audience: Party[] = dueMoved
    ? [slot.submitter, ...slot.recipients]
    : stepsMoved
      ? [slot.submitter]
      : [];
  const reminders = after.steps.filter((s) => s.kind === 'remind' && !s.done).map((s) => s.on);
  const notes: Notification[] = notify(
    audience,
    {
      type: 'report.reminder',
      title: `【日期调整】${slot.title}${dueMoved ? ` 截止日期改为 ${after.dueOn}` : ' 提醒日期已调整'}`,
      body: `节假日安排已公布，${slot.title}的日期已按工作日历重新计算：截止日期 ${after.dueOn}${
        dueMoved ? `（原为 ${slot.dueOn}）` : ''
      }${reminders.length > 0 ? `，提醒日期 ${reminders.join('、')}` : ''}。${
        after.dueProvisional ? '仍有年度节假日安排未公布，日期可能再次调整。' : ''
      }`,
      subject: { type: 'report', id: slot.id },
    },
    actor.now,
  );
  await commitWithAudit(
    [updateSlotWrite(slot, after), ...notificationWrites(notes)],
    [
      auditRecordOf(actor, {
        action: 'report.redate',
        entity: { type: 'report', id: slot.id },
        scope: { district: slot.districtCode, ...(slot.streetCode ? { street: slot.streetCode } : {}) },
        before: { dueOn: slot.dueOn, dueProvisional: slot.dueProvisional, steps: describeSteps(slot.steps) },
        after: {
          dueOn: after.dueOn,
          dueProvisional: after.dueProvisional,
          steps: describeSteps(after.steps),
        },
      }),
    ],
  );
  await deliverNotices(notes, actor.now);
  return true;
}

/** A slot re-read and redated; a concurrent change (a step run, an upload) is retried on the fresh slot. */
async function redateById(
  id: string,
  calendar: WorkingCalendar,
  actor: Actor,
): Promise<ReportSlot | undefined> {
  for (let attempt = 1; ; attempt++) {
    const slot = await getSlot(id);
    if (!slot) return undefined;
    try {
      await redateOne(slot, calendar, actor);
      return (await getSlot(id)) ?? slot;
    } catch (error) {
      if ((error as DomainError).code === 'VERSION_CONFLICT' && attempt < 3) continue;
      throw error;
    }
  }
}

/** The slots of one contract (byOrg index, the contract's prefix); `ref` is `<orgId>#<contractId>`. */
async function slotIdsOfContract(ref: string): Promise<string[]> {
  const [org = '', contractId = ''] = ref.split('#');
  const ids: string[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await querySlots({
      org,
      contractId,
      limit: 100,
      ...(start ? { start } : {}),
    });
    ids.push(...page.items.map((s) => s.id));
    start = page.lastKey;
  } while (start);
  return ids;
}

/** How one kind of dependent is computed again: how many dated items changed, and whether any still depends. */
type Recompute = (
  year: number,
  id: string,
  calendar: WorkingCalendar,
  actor: Actor,
) => Promise<{ changed: number; pending: boolean }>;

/** Report slots: a contract's (`report-contract#<orgId>#<contractId>`) or one slot (`report#<slotId>`). */
const reportSlots =
  (ids: (id: string) => Promise<string[]>): Recompute =>
  async (year, id, calendar, actor) => {
    let changed = 0;
    let pending = false;
    for (const slotId of await ids(id)) {
      const before = await getSlot(slotId);
      const after = await redateById(slotId, calendar, actor);
      if (before && after && after.version !== before.version) changed += 1;
      if (after && isRedatable(after) && (after.calendarYears ?? []).includes(year)) pending = true;
    }
    return { changed, pending };
  };

/**
 * One item of another kind computed again from its stored basis (issue 18), the same way for every kind: nothing is
 * written when nothing changes (so a second run changes nothing); otherwise one conditional write (on the version
 * read) with its `<type>.redate` audit record (the dates before and after) and, when a date the parties see moved, a
 * notice to them, all in one transaction. A concurrent change (a job step, a user) is retried on the fresh item.
 */
const single =
  <T extends { readonly version: number }>(kind: DatedKind<T>): Recompute =>
  async (year, id, calendar, actor) => {
    for (let attempt = 1; ; attempt++) {
      const item = await kind.load(id);
      if (!item) return { changed: 0, pending: false };
      const redated = kind.redate(item, calendar);
      if (!redated) return { changed: 0, pending: kind.dependsOn(item, year) };
      const after = { ...redated, version: item.version + 1 } as T;
      const was = kind.dates(item);
      const now = kind.dates(after);
      const moved = Object.keys(now.named).filter((name) => now.named[name] !== was.named[name]);
      const about = kind.notice(item);
      const notes: Notification[] =
        moved.length === 0
          ? []
          : notify(
              about.to,
              {
                type: about.type,
                title: `【日期调整】${about.what}：${moved.map((m) => `${kind.names[m] ?? m}改为 ${now.named[m]}`).join('，')}`,
                body: `节假日安排已公布，${about.what}的日期已按工作日历重新计算：${moved
                  .map((m) => `${kind.names[m] ?? m} ${now.named[m]}（原为 ${was.named[m]}）`)
                  .join('，')}。${now.provisional ? '仍有年度节假日安排未公布，日期可能再次调整。' : ''}`,
                subject: about.subject,
              },
              actor.now,
            );
      const audited = (x: T, d: typeof was) => ({
        ...d.named,
        provisional: d.provisional,
        ...(kind.steps ? { steps: kind.steps(x).map((s) => ({ id: s.id, on: s.on })) } : {}),
      });
      try {
        await commitWithAudit(
          [kind.write(item, after), ...notificationWrites(notes)],
          [
            auditRecordOf(actor, {
              action: `${kind.type}.redate`,
              entity: { type: kind.type, id: kind.entityId(item) },
              scope: kind.scope(item),
              before: audited(item, was),
              after: audited(after, now),
            }),
          ],
        );
      } catch (error) {
        if ((error as DomainError).code === 'VERSION_CONFLICT' && attempt < 3) continue;
        throw error;
      }
      if (notes.length > 0) await deliverNotices(notes, actor.now);
      logger.info('calendar recompute: dates moved', { kind: kind.type, id, moved: moved.join(',') });
      return { changed: 1, pending: kind.dependsOn(after, year) };
    }
  };

/**
 * The registry of dependent kinds (issue 18): the prefix of a pointer in `CALDEP#<year>` names how it is computed
 * again. A pointer of an unknown kind is dropped.
 */
const RECOMPUTE: Readonly<Record<string, Recompute>> = {
  'report-contract': reportSlots(slotIdsOfContract),
  report: reportSlots(async (id) => [id]),
  complaint: single(DATED_KINDS.complaint),
  handover: single(DATED_KINDS.handover),
  rectification: single(DATED_KINDS.rectification),
  publicity: single(DATED_KINDS.publicity),
  'evaluation-window': single(DATED_KINDS['evaluation-window']),
};

/**
 * One dependent of `year` computed again. It stays a dependent while something of it is still pending and depends
 * on the year; otherwise its pointer is dropped. Returns how many dated items changed.
 */
async function recomputeDependent(
  year: number,
  ref: string,
  calendar: WorkingCalendar,
  actor: Actor,
): Promise<number> {
  const [kind, id = ''] = ref.split(/#(.*)/s) as [string, string?];
  const recompute = RECOMPUTE[kind];
  const { changed, pending } = recompute
    ? await recompute(year, id, calendar, actor)
    : { changed: 0, pending: false };
  if (!pending) await commitWithAudit([dropDependentWrite(year, ref)], []);
  return changed;
}

/**
 * Issue 18: the recomputations started by calendar entries and corrections, continued in bounded batches.
 * 1. Read the unfinished recomputations through the byDue index (`DUE#CALENDAR`), never a Scan.
 * 2. For each, read the year's dependents a page at a time from the saved cursor (`CALDEP#<year>`), at most
 *    RECOMPUTE_PAGES_PER_RUN pages per run.
 * 3. Compute each dependent's pending dates again on the calendar as now loaded; each change is its own conditional
 *    write with its audit record and notices (redateOne); a failure is logged and the others go on.
 * 4. Save the cursor (conditional on the one read); when the pages run out, the recomputation is done and leaves the
 *    index. Idempotent: dates already right are not written again.
 */
export async function recomputeCalendarDates(today: IsoDate, actor: Actor): Promise<RecomputeRun> {
  const { items } = await pendingRecomputes(today);
  if (items.length === 0) return { examined: 0, acted: 0, failed: 0 };
  const calendar = await loadWorkingCalendar();
  let examined = 0;
  let acted = 0;
  let failed = 0;
  for (const task of items) {
    let current: CalendarRecompute = task;
    for (let page = 0; page < RECOMPUTE_PAGES_PER_RUN && !current.doneAt; page++) {
      const { refs, last } = await dependentsOf(current.year, RECOMPUTE_PAGE, current.cursor);
      examined += refs.length;
      let changed = 0;
      let pageFailed = 0;
      for (const ref of refs) {
        try {
          changed += await recomputeDependent(current.year, ref, calendar, actor);
        } catch (error) {
          pageFailed += 1;
          logger.error('calendar recompute failed', { year: current.year, ref, error: error as Error });
        }
      }
      acted += changed;
      failed += pageFailed;
      // A failed dependent keeps the cursor where it was: the next run tries the page again (the others in it
      // are already right and are not written twice).
      if (pageFailed > 0) break;
      const { cursor: _c, ...rest } = current;
      const next: CalendarRecompute = {
        ...rest,
        ...(last ? { cursor: last } : { doneAt: actor.now.toISOString() }),
        changed: current.changed + changed,
      };
      try {
        await commitWithAudit([advanceRecomputeWrite(current, next)], []);
      } catch (error) {
        // Another run advanced it first: that run carries on from its own cursor.
        if ((error as DomainError).code === 'VERSION_CONFLICT') break;
        throw error;
      }
      current = next;
    }
  }
  return { examined, acted, failed };
}
