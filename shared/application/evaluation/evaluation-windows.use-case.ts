import { dependentWrites } from '#shared/adapters/dynamodb/calendar.repository';
import {
  createWindowWrite,
  dueWindows,
  type EvaluationWindowRecord,
  getWindow,
  updateWindowWrite,
  type WindowStep,
} from '#shared/adapters/dynamodb/evaluations.repository';
import { listPolicyVersions } from '#shared/adapters/dynamodb/policy.repository';
import { auditRecordOf, commitWithAudit, type Write } from '#shared/adapters/dynamodb/unit-of-work';
import type { Actor } from '#shared/domain/audit/audit-record';
import { addDays, compareDates, type IsoDate } from '#shared/domain/calendar/dates';
import {
  mergeRedatedSteps,
  nextOpenStep,
  sameSteps,
  sameYears,
  unionYears,
} from '#shared/domain/calendar/redate';
import type { WorkingCalendar } from '#shared/domain/calendar/working-days';
import type { Contract } from '#shared/domain/contracts/contract';
import { serviceYears } from '#shared/domain/contracts/service-domains';
import type { DomainError } from '#shared/domain/errors';
import { evaluationWindow } from '#shared/domain/evaluation/evaluation';
import { evaluationAlerts, resolvePolicy } from '#shared/domain/policy/policy';
import type { Party } from '#shared/domain/reports/report-slot';
import { logger } from '#shared/http/logger';
import type { FanOut } from '#shared/jobs/fan-out';
import { loadWorkingCalendar } from '../calendar/calendar.use-case';
import { deliverNotices } from '../notify/deliveries.use-case';
import { type Notice, notificationWrites, notify } from '../reports/notifications.use-case';

/**
 * R16.1 evaluation windows: one record per service year of an active contract, written with the activation, with
 * four alerts on working days: before the window opens (commission a third party), at its opening, when it has been
 * open N working days with nothing commissioned, and the day after the service year ends without a final result
 * (escalated to the city). Each alert is sent once; the record leaves the byDue index when none remains.
 */
type AlertBasis = NonNullable<EvaluationWindowRecord['alertBasis']>;

/**
 * The alert dates of a window, every one through the calendar (issue 18). Alerts before and at the opening are
 * reminders: never on a non-working day, so an opening on a weekend or holiday is announced on the working day before
 * it.
 */
function alertDates(
  window: EvaluationWindowRecord['window'],
  serviceYearEnd: IsoDate,
  basis: AlertBasis,
  calendar: WorkingCalendar,
): { steps: WindowStep[]; provisional: boolean; calendarYears: number[] } {
  const before = calendar.schedule({
    remindBefore: window.opensOn,
    workingDays: basis.beforeWindowWorkingDays,
  });
  const opening = calendar.schedule({ remindBefore: window.opensOn, workingDays: 0 });
  const uncommissioned = calendar.schedule({
    due: window.opensOn,
    workingDays: basis.uncommissionedAfterWorkingDays,
    rule: 'unchanged',
  });
  return {
    steps: [
      { id: 'before', on: before.date },
      { id: 'opening', on: opening.date },
      { id: 'uncommissioned', on: uncommissioned.date },
      { id: 'unevaluated', on: addDays(serviceYearEnd, 1) },
    ],
    provisional: before.provisional || opening.provisional || uncommissioned.provisional,
    calendarYears: unionYears(before.years, opening.years, uncommissioned.years),
  };
}

/**
 * A window's alert dates computed again on `calendar` from their basis (issue 18): only the alerts not yet sent move;
 * a window whose working-day alerts are all done has nothing left to recompute. Undefined when nothing changes.
 */
export function redateWindow(
  w: EvaluationWindowRecord,
  calendar: WorkingCalendar,
): Pick<EvaluationWindowRecord, 'steps' | 'provisional' | 'calendarYears' | 'nextActionOn'> | undefined {
  if (!isWindowRedatable(w) || !w.alertBasis) return undefined;
  const d = alertDates(w.window, w.serviceYear.end, w.alertBasis, calendar);
  const steps = mergeRedatedSteps(w.steps, d.steps);
  if (
    d.provisional === w.provisional &&
    sameYears(d.calendarYears, w.calendarYears) &&
    sameSteps(steps, w.steps)
  )
    return undefined;
  const next = nextOpenStep(steps);
  return {
    steps,
    provisional: d.provisional,
    calendarYears: d.calendarYears,
    ...(next ? { nextActionOn: next } : {}),
  };
}

/** Whether a window still has a working-day alert to send (issue 18). */
export const isWindowRedatable = (w: EvaluationWindowRecord): boolean =>
  w.alertBasis !== undefined && w.steps.some((s) => s.id !== 'unevaluated' && !s.done);

export async function windowWrites(contract: Contract): Promise<Write[]> {
  const [policies, calendar] = await Promise.all([listPolicyVersions(), loadWorkingCalendar()]);
  return serviceYears(contract.servicePeriod).flatMap((year) => {
    const parameters = resolvePolicy(policies, year.end).version.parameters;
    const window = evaluationWindow(year, parameters.evaluation.windowMonthsBeforeYearEnd);
    const alerts = evaluationAlerts(parameters);
    const alertBasis: AlertBasis = {
      beforeWindowWorkingDays: alerts.beforeWindowWorkingDays,
      uncommissionedAfterWorkingDays: alerts.uncommissionedAfterWorkingDays,
    };
    const { steps, provisional, calendarYears } = alertDates(window, year.end, alertBasis, calendar);
    const record: EvaluationWindowRecord = {
      contractId: contract.id,
      n: year.n,
      districtCode: contract.districtCode,
      streetCode: contract.streetCode,
      operatorOrg: contract.operator.orgId,
      stationId: contract.stationId,
      contractNumber: contract.number,
      serviceYear: { start: year.start, end: year.end },
      window,
      steps,
      nextActionOn: steps[0]?.on as IsoDate,
      provisional,
      alertBasis,
      calendarYears,
      version: 1,
    };
    // Issue 18: found again through the calendar years its alerts depend on when one is loaded or corrected.
    return [
      createWindowWrite(record),
      ...dependentWrites(`evaluation-window#${contract.id}#${year.n}`, calendarYears),
    ];
  });
}

/** What each alert does on `today`: acted, or skipped because it no longer applies. */
function decide(w: EvaluationWindowRecord, step: WindowStep, today: IsoDate): 'acted' | 'skipped' {
  switch (step.id) {
    case 'before':
      return w.evaluationId || compareDates(today, w.window.opensOn) >= 0 ? 'skipped' : 'acted';
    case 'opening':
      return compareDates(today, w.window.closesOn) > 0 ? 'skipped' : 'acted';
    case 'uncommissioned':
      return w.evaluationId ? 'skipped' : 'acted';
    case 'unevaluated':
      return w.finalOn ? 'skipped' : 'acted';
  }
}

function alertOf(w: EvaluationWindowRecord, step: WindowStep): { to: Party[]; notice: Notice } {
  const district: Party = { role: 'district_civil_affairs', district: w.districtCode };
  const what = `合同 ${w.contractNumber} 第 ${w.n} 服务年度（${w.serviceYear.start} 至 ${w.serviceYear.end}）`;
  const subject = { type: 'contract' as const, id: w.contractId };
  switch (step.id) {
    case 'before':
      return {
        to: [district],
        notice: {
          type: 'evaluation.window',
          title: `【评估提醒】${what}评估窗口将于 ${w.window.opensOn} 开启`,
          body: `${what}的评估窗口将于 ${w.window.opensOn} 开启，请及时委托第三方评估机构。`,
          subject,
        },
      };
    case 'opening':
      return {
        to: [
          district,
          { role: 'operator', org: w.operatorOrg },
          { role: 'street_office', street: w.streetCode },
        ],
        notice: {
          type: 'evaluation.window',
          title: `【评估窗口开启】${what}`,
          body: `${what}的评估窗口于 ${w.window.opensOn} 开启（${w.window.opensOn} 至 ${w.window.closesOn}）。`,
          subject,
        },
      };
    case 'uncommissioned':
      return {
        to: [district],
        notice: {
          type: 'evaluation.window',
          title: `【评估未委托】${what}`,
          body: `${what}的评估窗口自 ${w.window.opensOn} 开启，至今尚未委托第三方评估，请尽快委托。`,
          subject,
        },
      };
    case 'unevaluated':
      return {
        to: [{ role: 'city_civil_affairs' }, district],
        notice: {
          type: 'evaluation.window',
          title: `【评估逾期上报】${what}`,
          body: `${what}已于 ${w.serviceYear.end} 结束，仍无最终评估结果（每个服务年度至少评估一次）。`,
          subject,
        },
      };
  }
}

async function runWindow(contractId: string, n: number, today: IsoDate, actor: Actor): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    const w = await getWindow(contractId, n);
    if (!w) return false;
    const due = w.steps.filter((s) => !s.done && compareDates(s.on, today) <= 0);
    if (due.length === 0) return false;
    const outcome = new Map(due.map((s) => [s.id, decide(w, s, today)]));
    const steps = w.steps.map((s) => (outcome.has(s.id) ? { ...s, done: outcome.get(s.id) } : s));
    const next = steps
      .filter((s) => !s.done)
      .map((s) => s.on)
      .sort(compareDates)[0];
    const { nextActionOn: _n, ...rest } = w;
    const after: EvaluationWindowRecord = {
      ...rest,
      steps,
      ...(next ? { nextActionOn: next } : {}),
      version: w.version + 1,
    };
    const notes = due
      .filter((s) => outcome.get(s.id) === 'acted')
      .flatMap((s) => {
        const { to, notice } = alertOf(w, s);
        return notify(to, notice, actor.now);
      });
    try {
      await commitWithAudit(
        [updateWindowWrite(w, after), ...notificationWrites(notes)],
        [
          auditRecordOf(actor, {
            action: 'evaluation-window.alerts',
            entity: { type: 'evaluation-window', id: `${contractId}#${n}` },
            scope: { district: w.districtCode, street: w.streetCode },
            before: { nextActionOn: w.nextActionOn ?? null },
            after: { nextActionOn: after.nextActionOn ?? null, steps: Object.fromEntries(outcome) },
          }),
        ],
      );
    } catch (error) {
      if ((error as DomainError).code === 'VERSION_CONFLICT' && attempt < 3) continue;
      throw error;
    }
    await deliverNotices(notes, actor.now);
    return notes.length > 0;
  }
}

/**
 * R16.1 evaluation-window alerts in line: the windows with an alert due (byDue), each on its own. The daily job fans
 * the same windows out to a worker instead (`evaluationWindowAlertsFanOut`, issue 20).
 */
export async function runWindowAlerts(today: IsoDate, actor: Actor) {
  const { items, read } = await dueWindows(today);
  let acted = 0;
  let failed = 0;
  for (const { contractId, n } of items) {
    try {
      if (await runWindow(contractId, n, today, actor)) acted += 1;
    } catch (error) {
      failed += 1;
      logger.error('evaluation window alert failed', { contractId, n, error: error as Error });
    }
  }
  return { examined: read, acted, failed };
}

/**
 * Issue 20: the evaluation-window-alerts job's fan-out: a window is keyed by its contract and service year, which
 * each work message carries; the alerts due are marked done with their notices in one conditional write, so a
 * redelivered message finds none due and tells no one again.
 */
export const evaluationWindowAlertsFanOut: FanOut = {
  jobId: 'evaluation-window-alerts',
  partitions: [
    {
      partition: 'DUE#EVAL_WINDOW',
      attributes: ['contractId', 'n'],
      work: (item, today, actor) => runWindow(String(item.contractId), Number(item.n), today, actor),
    },
  ],
};
