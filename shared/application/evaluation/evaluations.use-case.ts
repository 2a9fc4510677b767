import { ulid } from 'ulid';
import { dependentWrites } from '#shared/adapters/dynamodb/calendar.repository';
import { getContract } from '#shared/adapters/dynamodb/contracts.repository';
import { listDivisions } from '#shared/adapters/dynamodb/divisions.repository';
import {
  createEvaluationWrite,
  createNoticeWrite,
  evaluationsOfDistrict,
  evaluationsOfOrg,
  getEvaluation,
  getTemplate,
  getWindow,
  updateEvaluationWrite,
  updateWindowWrite,
} from '#shared/adapters/dynamodb/evaluations.repository';
import { listPolicyVersions } from '#shared/adapters/dynamodb/policy.repository';
import { createSlotWrite, getSlot, updateSlotWrite } from '#shared/adapters/dynamodb/reports.repository';
import { auditRecordOf, commitWithAudit, type Write } from '#shared/adapters/dynamodb/unit-of-work';
import { isCityWide, type Principal, type Role } from '#shared/domain/access/roles';
import type { Actor } from '#shared/domain/audit/audit-record';
import { type IsoDate, shanghaiDate } from '#shared/domain/calendar/dates';
import { serviceYears } from '#shared/domain/contracts/service-domains';
import { DomainError, notFound, outOfScope, versionConflict } from '#shared/domain/errors';
import {
  assertScoresOpen,
  checkPlannedDates,
  type Evaluation,
  evaluationScope,
  evaluationWindow,
  type PublicityNotice,
  publicityPeriod,
  publicityYears,
  scoreChangeReason,
  transitionEvaluation,
} from '#shared/domain/evaluation/evaluation';
import {
  formatHundredths,
  formatTenThousandths,
  GRADE_NAMES,
  gradeOf,
  type Hundredths,
  weightedTotal,
} from '#shared/domain/evaluation/scoring';
import { sumIndicators } from '#shared/domain/evaluation/template';
import { resolvePolicy } from '#shared/domain/policy/policy';
import {
  evaluationReportPlan,
  openSlot,
  type Party,
  partyKey,
  reviewSlot,
} from '#shared/domain/reports/report-slot';
import type { Notification } from '#shared/domain/reports/submission';
import { assertInScope } from '../access';
import { loadWorkingCalendar } from '../calendar/calendar.use-case';
import { deliverNotices } from '../notify/deliveries.use-case';
import { notificationWrites, notify } from '../reports/notifications.use-case';
import { readStation } from '../stations/stations.use-case';
import { currentTemplate } from './templates.use-case';

const evaluationAudit = (e: Evaluation) => ({
  entity: { type: 'evaluation', id: e.id },
  scope: { district: e.districtCode, street: e.streetCode },
});
const subject = (e: Evaluation) => ({ type: 'evaluation' as const, id: e.id });

export interface CommissionInput {
  readonly serviceYear: number;
  readonly evaluator: { readonly orgId: string; readonly name: string };
  readonly planned: { readonly start: IsoDate; readonly end: IsoDate };
  readonly outsideWindowReason?: string;
}

/**
 * R16.1: the district commissions a third-party evaluation of one service year of a contract in its district.
 * 1. The contract (in scope, not a draft) and the service year. 2. The window from the policy in force at
 * the year's end; planned dates outside it need a reason. 3. The current indicator template is kept with the
 * evaluation. 4. The evaluation, the third party's report slot and the window's record are written together.
 */
export async function commissionEvaluation(
  actor: Actor,
  contractId: string,
  input: CommissionInput,
): Promise<Evaluation> {
  const contract = await getContract(contractId);
  if (!contract) throw notFound('服务合同');
  assertInScope(actor.principal, { district: contract.districtCode });
  // A draft has no service yet; an active, completed or terminated contract has service years to evaluate.
  if (contract.status === 'draft') {
    throw new DomainError(
      'CONTRACT_NOT_ACTIVE',
      409,
      '合同未生效，不能委托评估',
      '草拟中的合同尚无服务可评估；请在合同生效后再委托评估。',
      {
        rule: 'R16.1',
      },
    );
  }
  const year = serviceYears(contract.servicePeriod).find((y) => y.n === input.serviceYear);
  if (!year) {
    throw new DomainError('SERVICE_YEAR_OUT_OF_PERIOD', 422, '服务年度超出合同服务期', undefined, {
      rule: 'R16.1',
      errors: [
        {
          path: 'body.serviceYear',
          message: `合同服务期共 ${serviceYears(contract.servicePeriod).length} 个服务年度`,
        },
      ],
    });
  }
  const [policies, calendar, template] = await Promise.all([
    listPolicyVersions(),
    loadWorkingCalendar(),
    currentTemplate(),
  ]);
  const policy = resolvePolicy(policies, year.end).version;
  const window = evaluationWindow(year, policy.parameters.evaluation.windowMonthsBeforeYearEnd);
  checkPlannedDates(input.planned, window, input.outsideWindowReason);
  const at = actor.now.toISOString();
  const id = ulid(actor.now.getTime());
  const evaluation: Evaluation = {
    id,
    contractId: contract.id,
    stationId: contract.stationId,
    districtCode: contract.districtCode,
    streetCode: contract.streetCode,
    operatorOrg: contract.operator.orgId,
    serviceYear: year,
    window,
    evaluator: input.evaluator,
    planned: input.planned,
    ...(input.outsideWindowReason ? { outsideWindowReason: input.outsideWindowReason } : {}),
    templateId: template.id,
    policyId: policy.id,
    reportSlotId: `EVAL-${id}`,
    scores: {},
    status: 'commissioned',
    rounds: 0,
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
  const slot = openSlot(evaluationReportPlan(evaluation, policies, calendar), at);
  const writes: Write[] = [createEvaluationWrite(evaluation), createSlotWrite(slot)];
  const windowRecord = await getWindow(contract.id, year.n);
  if (windowRecord && !windowRecord.evaluationId) {
    writes.push(
      updateWindowWrite(windowRecord, {
        ...windowRecord,
        evaluationId: id,
        version: windowRecord.version + 1,
      }),
    );
  }
  const notes = notify(
    [{ role: 'third_party', org: input.evaluator.orgId }],
    {
      type: 'evaluation.commissioned',
      title: `【评估委托】合同 ${contract.number} 第 ${year.n} 服务年度`,
      body: `受委托对合同 ${contract.number} 第 ${year.n} 服务年度（${year.start} 至 ${year.end}）开展评估，计划 ${input.planned.start} 至 ${input.planned.end}；评估报告请于 ${input.planned.end} 前上传。`,
      subject: { type: 'report', id: slot.id },
    },
    actor.now,
  );
  writes.push(...notificationWrites(notes));
  await commitWithAudit(writes, [
    auditRecordOf(actor, {
      action: 'evaluation.commission',
      ...evaluationAudit(evaluation),
      after: evaluation,
    }),
  ]);
  await deliverNotices(notes, actor.now);
  return evaluation;
}

/** An evaluation for its district, street office, commissioned third party, the city and auditors. */
export async function readEvaluation(principal: Principal, id: string): Promise<Evaluation> {
  const evaluation = await getEvaluation(id);
  if (!evaluation) throw notFound('评估');
  assertInScope(principal, evaluationScope(evaluation));
  return evaluation;
}

/** A third party its commissions; the city any district's (all by default); district roles their own; a street its station's. */
export async function listEvaluations(principal: Principal, q: { district?: string }): Promise<Evaluation[]> {
  if (principal.roles.includes('third_party')) {
    if (!principal.org || q.district) throw outOfScope();
    return evaluationsOfOrg(principal.org);
  }
  if (isCityWide(principal)) {
    const districts = q.district ? [q.district] : (await listDivisions()).map((d) => d.code);
    return (await Promise.all(districts.map(evaluationsOfDistrict))).flat();
  }
  const district = principal.district ?? principal.street?.slice(0, 6);
  if (!district || (q.district && q.district !== district)) throw outOfScope();
  const all = await evaluationsOfDistrict(district);
  return principal.roles.includes('street_office')
    ? all.filter((e) => e.streetCode === principal.street)
    : all;
}

export interface ScoreInput {
  readonly version: number;
  /** The third party's points per indicator (`part.indicator`), in hundredths. */
  readonly indicators?: Readonly<Record<string, Hundredths>>;
  /** The district's or the street office's score out of 100, in hundredths. */
  readonly score?: Hundredths;
  /** Why a score is changed once a total and grade exist (then required). */
  readonly reason?: string;
}

const SCORER_NAMES: Readonly<Record<Scorer, string>> = {
  thirdParty: '第三方评估机构',
  district: '区县民政部门',
  street: '街道办事处',
};

/** Whether a party's part of the scores differs between two versions (same indicators and points: unchanged). */
function partChanged(before: Evaluation['scores'], after: Evaluation['scores'], scorer: Scorer): boolean {
  if (scorer !== 'thirdParty') return before[scorer] !== after[scorer];
  const a = before.thirdParty?.indicators ?? {};
  const b = after.thirdParty?.indicators ?? {};
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return before.thirdParty === undefined || [...keys].some((k) => a[k] !== b[k]);
}

/** The parties of an evaluation told of a changed score: all but the one that changed it. */
const partiesBut = (e: Evaluation, scorer: Scorer): Party[] => [
  ...(scorer === 'district' ? [] : [{ role: 'district_civil_affairs', district: e.districtCode } as Party]),
  ...(scorer === 'street' ? [] : [{ role: 'street_office', street: e.streetCode } as Party]),
  ...(scorer === 'thirdParty' ? [] : [{ role: 'third_party', org: e.evaluator.orgId } as Party]),
  { role: 'operator', org: e.operatorOrg } as Party,
];

const resultText = (r: Evaluation['result']) => (r ? `${r.total} 分（${GRADE_NAMES[r.grade]}）` : '暂无');

type Scorer = 'thirdParty' | 'district' | 'street';

/** Which part of the score the caller gives: the commissioned third party, the district, or the street office. */
function scorerOf(principal: Principal, e: Evaluation): Scorer {
  const holds = (role: Role) => principal.roles.includes(role);
  if (holds('third_party') && principal.org === e.evaluator.orgId) return 'thirdParty';
  if (holds('district_civil_affairs') && principal.district === e.districtCode) return 'district';
  if (holds('street_office') && principal.street === e.streetCode) return 'street';
  throw outOfScope();
}

/**
 * R16.2, R17.1: a party records its score. The third party scores every indicator of the evaluation's template
 * (the sum is its score); the district and the street office each give a score out of 100. Once the three are
 * in, the exact weighted total and the grade follow from the policy in force at the service year's end.
 * 1. The scores are locked from the district's confirmation (R18.1): a change then needs a re-evaluation.
 * 2. Once a total and grade exist, a changed score needs a reason; the audit keeps the totals and grades before
 *    and after, and the other parties (and the operator) are told in the same transaction.
 */
export async function submitScores(actor: Actor, id: string, input: ScoreInput): Promise<Evaluation> {
  const before = await readEvaluation(actor.principal, id);
  const scorer = scorerOf(actor.principal, before);
  assertScoresOpen(before);
  if (before.version !== input.version) throw versionConflict();
  const scores = { ...before.scores };
  if (scorer === 'thirdParty') {
    if (!input.indicators || input.score !== undefined) {
      throw new DomainError('THIRD_PARTY_SCORES_BY_INDICATOR', 422, '第三方应按指标逐项评分', undefined, {
        rule: 'R16.2',
        errors: [{ path: 'body.indicators', message: '请按评估指标模板逐项填写得分' }],
      });
    }
    const template = await getTemplate(before.templateId);
    if (!template) throw new Error(`Template ${before.templateId} of evaluation ${id} is missing`);
    scores.thirdParty = {
      indicators: input.indicators,
      total: sumIndicators(template.parts, input.indicators),
    };
  } else {
    if (input.score === undefined || input.indicators) {
      throw new DomainError('SCORE_REQUIRED', 422, '请填写百分制得分', undefined, {
        rule: 'R17.1',
        errors: [{ path: 'body.score', message: '请填写 0–100 分' }],
      });
    }
    scores[scorer] = input.score;
  }
  const reason = scoreChangeReason(before, partChanged(before.scores, scores, scorer), input.reason);
  const complete =
    scores.thirdParty !== undefined && scores.district !== undefined && scores.street !== undefined;
  let result: Evaluation['result'];
  if (complete) {
    const policy = resolvePolicy(await listPolicyVersions(), before.serviceYear.end).version.parameters
      .evaluation;
    const triple = {
      thirdParty: scores.thirdParty?.total ?? 0,
      district: scores.district ?? 0,
      street: scores.street ?? 0,
    };
    const total = weightedTotal(triple, policy.weightsPercent);
    result = {
      totalTenThousandths: total,
      total: formatTenThousandths(total),
      grade: gradeOf(total, policy.gradeBandsHundredths),
      weights: policy.weightsPercent,
    };
  }
  const { result: _old, ...rest } = before;
  const after: Evaluation = {
    ...rest,
    scores,
    ...(result ? { result } : {}),
    status: transitionEvaluation(before.status, complete ? 'scored' : 'scoring'),
    version: before.version + 1,
    updatedAt: actor.now.toISOString(),
  };
  const notes = reason ? await scoreChangeNotices(before, after, scorer, reason, actor.now) : [];
  await commitWithAudit(
    [updateEvaluationWrite(before, after), ...notificationWrites(notes)],
    [
      auditRecordOf(reason ? { ...actor, reason } : actor, {
        action: reason ? `evaluation.score-change.${scorer}` : `evaluation.score.${scorer}`,
        ...evaluationAudit(before),
        before: {
          scores: before.scores,
          result: before.result ?? null,
          total: before.result?.total ?? null,
          grade: before.result?.grade ?? null,
        },
        after: {
          scores: after.scores,
          result: after.result ?? null,
          total: after.result?.total ?? null,
          grade: after.result?.grade ?? null,
        },
      }),
    ],
  );
  await deliverNotices(notes, actor.now);
  return after;
}

/** The notice of a changed score: who changed which part, the total and grade before and after, and why. */
async function scoreChangeNotices(
  before: Evaluation,
  after: Evaluation,
  scorer: Scorer,
  reason: string,
  now: Date,
): Promise<Notification[]> {
  const contract = await getContract(before.contractId);
  const what = `合同 ${contract?.number ?? before.contractId} 第 ${before.serviceYear.n} 服务年度评估`;
  const regraded = before.result?.grade !== after.result?.grade;
  return notify(
    partiesBut(before, scorer),
    {
      type: 'evaluation.score-changed',
      title: `【评估分数变更】${what}${regraded ? '：等级变更' : ''}`,
      body: `${SCORER_NAMES[scorer]}修改了${what}的评分。综合得分由 ${resultText(before.result)} 变为 ${resultText(after.result)}。理由：${reason.slice(0, 500)}`,
      subject: subject(before),
    },
    now,
  );
}

/**
 * R18.1: the district confirms the third party's evaluation report. The three scores must be in and the report
 * uploaded and validated; confirming also accepts the report.
 */
export async function confirmEvaluation(actor: Actor, id: string, version: number): Promise<Evaluation> {
  const before = await readEvaluation(actor.principal, id);
  if (before.version !== version) throw versionConflict();
  const status = transitionEvaluation(before.status, 'confirmed');
  const slot = await getSlot(before.reportSlotId);
  if (!slot?.currentUploadId) {
    throw new DomainError(
      'EVALUATION_REPORT_MISSING',
      409,
      '第三方评估报告尚未上传或未通过校验',
      '请先由第三方评估机构上传评估报告并通过校验，再确认评估结果。',
      {
        rule: 'R17.1',
      },
    );
  }
  const at = actor.now.toISOString();
  const after: Evaluation = {
    ...before,
    status,
    confirmedAt: at,
    version: before.version + 1,
    updatedAt: at,
  };
  const writes: Write[] = [updateEvaluationWrite(before, after)];
  if (slot.status === 'submitted') {
    const reviewed = reviewSlot(slot, {
      party: partyKey({ role: 'district_civil_affairs', district: before.districtCode }),
      decision: 'accept',
      comment: '评估报告已确认',
      by: { sub: actor.principal.sub, username: actor.principal.username },
      at,
    });
    writes.push(updateSlotWrite(slot, { ...slot, ...reviewed, version: slot.version + 1, updatedAt: at }));
  }
  await commitWithAudit(writes, [
    auditRecordOf(actor, { action: 'evaluation.confirm', ...evaluationAudit(before), before, after }),
  ]);
  return after;
}

/**
 * R18.1: the district publishes the confirmed result. The notice runs from the day after publication for at least
 * the policy's working days (holiday calendar); the closing job makes the result final afterwards.
 */
export async function publishEvaluation(actor: Actor, id: string, version: number): Promise<PublicityNotice> {
  const before = await readEvaluation(actor.principal, id);
  if (before.version !== version) throw versionConflict();
  const status = transitionEvaluation(before.status, 'in_publicity');
  if (
    !before.result ||
    !before.scores.thirdParty ||
    before.scores.district === undefined ||
    before.scores.street === undefined
  ) {
    throw new Error(`Evaluation ${id} is confirmed without a result`);
  }
  const publishedOn = shanghaiDate(actor.now);
  const [policies, calendar, station, contract] = await Promise.all([
    listPolicyVersions(),
    loadWorkingCalendar(),
    readStation(actor.principal, before.stationId),
    getContract(before.contractId),
  ]);
  const minWorkingDays = resolvePolicy(policies, publishedOn).version.parameters.publicity.minWorkingDays;
  const period = publicityPeriod(publishedOn, minWorkingDays, calendar);
  const notice: PublicityNotice = {
    id: ulid(actor.now.getTime()),
    evaluationId: before.id,
    districtCode: before.districtCode,
    streetCode: before.streetCode,
    stationName: station.standardName,
    operatorName: contract?.operator.name ?? '',
    serviceYear: { start: before.serviceYear.start, end: before.serviceYear.end },
    evaluatorName: before.evaluator.name,
    scores: {
      thirdParty: formatHundredths(before.scores.thirdParty.total),
      district: formatHundredths(before.scores.district),
      street: formatHundredths(before.scores.street),
    },
    total: before.result.total,
    grade: before.result.grade,
    gradeName: GRADE_NAMES[before.result.grade],
    publishedOn,
    period,
    minWorkingDays,
    calendarYears: publicityYears(period),
    status: 'open',
    openObjections: 0,
    version: 1,
  };
  const at = actor.now.toISOString();
  const after: Evaluation = {
    ...before,
    status,
    publicityId: notice.id,
    rounds: before.rounds + 1,
    version: before.version + 1,
    updatedAt: at,
  };
  const notes = notify(
    [
      { role: 'operator', org: before.operatorOrg },
      { role: 'street_office', street: before.streetCode },
      { role: 'third_party', org: before.evaluator.orgId },
    ],
    {
      type: 'evaluation.published',
      title: `【评估结果公示】${notice.stationName}`,
      body: `${notice.stationName}评估结果已公示：总分 ${notice.total}，${notice.gradeName}。公示期自 ${notice.period.startsOn} 起，至少至 ${notice.period.minEndOn}（${minWorkingDays} 个工作日）。`,
      subject: subject(before),
    },
    actor.now,
  );
  await commitWithAudit(
    [
      updateEvaluationWrite(before, after),
      createNoticeWrite(notice),
      // Issue 18: found again through the calendar years its period depends on when one is loaded or corrected.
      ...dependentWrites(`publicity#${notice.id}`, notice.calendarYears ?? []),
      ...notificationWrites(notes),
    ],
    [
      auditRecordOf(actor, {
        action: 'evaluation.publish',
        ...evaluationAudit(before),
        before,
        after: { evaluation: after, notice },
      }),
    ],
  );
  await deliverNotices(notes, actor.now);
  return notice;
}
