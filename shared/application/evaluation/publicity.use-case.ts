import { ulid } from 'ulid';
import { openField, sealField } from '#shared/adapters/crypto/field-crypto';
import {
  getContract,
  readStationRegister,
  updateContractWrites,
} from '#shared/adapters/dynamodb/contracts.repository';
import {
  createObjectionWrite,
  createRecoveryWrite,
  dueNotices,
  getEvaluation,
  getNotice,
  getObjection,
  getWindow,
  listNotices,
  objectionsOfDistrict,
  type RecoveryCase,
  updateEvaluationWrite,
  updateNoticeWrite,
  updateObjectionWrite,
  updateWindowWrite,
} from '#shared/adapters/dynamodb/evaluations.repository';
import { auditRecordOf, commitWithAudit, type Write } from '#shared/adapters/dynamodb/unit-of-work';
import type { Principal } from '#shared/domain/access/roles';
import type { Actor } from '#shared/domain/audit/audit-record';
import type { IsoDate } from '#shared/domain/calendar/dates';
import type { Contract } from '#shared/domain/contracts/contract';
import { DomainError, notFound, versionConflict } from '#shared/domain/errors';
import {
  type Evaluation,
  isClosable,
  OBJECTION_UPHELD_REASON,
  type Objection,
  type PublicityNotice,
  reopenEvaluation,
  transitionEvaluation,
} from '#shared/domain/evaluation/evaluation';
import { passes } from '#shared/domain/evaluation/scoring';
import { recoveryCaseState } from '#shared/domain/funds/recovery';
import type { Party } from '#shared/domain/reports/report-slot';
import type { Notification } from '#shared/domain/reports/submission';
import { logger } from '#shared/http/logger';
import type { FanOut } from '#shared/jobs/fan-out';
import { assertInScope, officeOf, readableDistricts } from '../access';
import { loadWorkingCalendar } from '../calendar/calendar.use-case';
import { recoveryFactsOf } from '../funds/payments.use-case';
import { deliverNotices } from '../notify/deliveries.use-case';
import { notificationWrites, notify } from '../reports/notifications.use-case';
import { cancelSlotWrites } from '../reports/reports.use-case';

/** The public (no account) acting: objections are attributed to it, with nothing personal in the audit. */
const PUBLIC_ACTOR = (now: Date): Actor => ({
  principal: { sub: 'public', username: 'public', roles: [] },
  now,
});

/** R18.1: the notices the public reads, newest first; optionally only open or only closed ones. */
export async function publicNotices(status?: PublicityNotice['status']): Promise<PublicityNotice[]> {
  const all = await listNotices();
  return status ? all.filter((n) => n.status === status) : all;
}

/**
 * Anyone lodges an objection (质疑/投诉) to an open notice, with optional contact details. The notice stops being
 * closable until the district has decided every objection; the district's inbox has it at once.
 */
export async function lodgeObjection(
  now: Date,
  publicityId: string,
  input: { content: string; contact?: string },
): Promise<{ id: string; lodgedAt: string; status: 'open' }> {
  const notice = await getNotice(publicityId);
  if (!notice) throw notFound('公示');
  if (notice.status === 'withdrawn') {
    throw new DomainError(
      'PUBLICITY_WITHDRAWN',
      409,
      '公示已撤回，不再受理质疑',
      '该评估结果已由区县民政部门撤回并重新评估；新的结果公示后，可在新的公示期内提出质疑。',
      { rule: 'R18.1' },
    );
  }
  if (notice.status !== 'open') {
    throw new DomainError(
      'PUBLICITY_CLOSED',
      409,
      '公示已结束，不再受理质疑',
      '公示期已结束，质疑只能在公示期内提出。',
      { rule: 'R18.1' },
    );
  }
  const id = ulid(now.getTime());
  const objection: Objection = {
    id,
    publicityId,
    evaluationId: notice.evaluationId,
    districtCode: notice.districtCode,
    content: input.content,
    // Personal data: sealed for this objection's item (opened only by its district, each read audited).
    ...(input.contact ? { contact: await sealField(input.contact, objectionContactBinding(id)) } : {}),
    lodgedAt: now.toISOString(),
    status: 'open',
    version: 1,
  };
  const after: PublicityNotice = {
    ...notice,
    openObjections: notice.openObjections + 1,
    version: notice.version + 1,
  };
  const notes = notify(
    [{ role: 'district_civil_affairs', district: notice.districtCode }],
    {
      type: 'evaluation.objection',
      title: `【公示质疑】${notice.stationName}`,
      body: `${notice.stationName}评估结果公示收到质疑，请及时处理并将处理意见报市民政局：${input.content.slice(0, 200)}`,
      subject: { type: 'evaluation', id: notice.evaluationId },
    },
    now,
  );
  await commitWithAudit(
    [createObjectionWrite(objection), updateNoticeWrite(notice, after), ...notificationWrites(notes)],
    [
      auditRecordOf(PUBLIC_ACTOR(now), {
        action: 'publicity.objection',
        entity: { type: 'objection', id: objection.id },
        scope: { district: notice.districtCode, street: notice.streetCode },
        // Contact details are personal: the audit keeps only whether they were given.
        after: objectionView(objection),
      }),
    ],
  );
  // The notice-delivery job sends it within a minute, as every function's notices; the inbox has it now.
  await deliverNotices(notes, now);
  return { id: objection.id, lodgedAt: objection.lodgedAt, status: 'open' };
}

/** Objections with the districts' decisions: the city sees every district's (R18.1: 报市民政局), a district its own. */
export async function listObjections(principal: Principal, q: { district?: string }) {
  const districts = await readableDistricts(principal, q.district);
  return (await Promise.all(districts.map(objectionsOfDistrict))).flat().map(objectionView);
}

const objectionContactBinding = (id: string) => ({
  pk: `OBJECTION#${id}`,
  sk: 'OBJECTION',
  field: 'contact',
});

/** An objection as lists and decisions show it: whether contact details were given, never the details. */
export function objectionView(o: Objection): Omit<Objection, 'contact'> & { contactGiven: boolean } {
  const { contact, ...rest } = o;
  return { ...rest, contactGiven: contact !== undefined };
}

/**
 * The objector's contact details, for the district handling the objection (to answer it), and nobody else; the
 * read is an audit record of its own, committed before anything is returned.
 */
export async function revealObjectionContact(actor: Actor, id: string) {
  const objection = await getObjection(id);
  if (!objection) throw notFound('质疑');
  const p = actor.principal;
  if (!p.roles.includes('district_civil_affairs') || p.district !== objection.districtCode) {
    throw new DomainError(
      'OUT_OF_SCOPE',
      403,
      '仅处理该质疑的区县民政部门可查看联系方式',
      '质疑人的联系方式属于个人信息，只向处理该质疑的区县民政部门显示。',
    );
  }
  if (!objection.contact) throw notFound('联系方式');
  const contact = await openField(objection.contact, objectionContactBinding(id));
  await commitWithAudit(
    [],
    [
      auditRecordOf(actor, {
        action: 'objection.reveal-personal-data',
        entity: { type: 'objection', id },
        scope: { district: objection.districtCode },
        after: { fields: ['contact'] },
      }),
    ],
  );
  return { id, contact };
}

/**
 * The district decides an objection, and its opinion goes to the city. Upheld: the notice is withdrawn and the
 * evaluation goes back to scoring, to be revised, confirmed and published again. Rejected: when no other objection
 * is pending the notice can close once its minimum period is over.
 */
export async function decideObjection(
  actor: Actor,
  id: string,
  input: { version: number; outcome: 'upheld' | 'rejected'; opinion: string },
) {
  const objection = await getObjection(id);
  if (!objection) throw notFound('质疑');
  assertInScope(actor.principal, { district: objection.districtCode });
  if (objection.version !== input.version) throw versionConflict();
  if (objection.status !== 'open') {
    throw new DomainError(
      'OBJECTION_ALREADY_DECIDED',
      409,
      '该质疑已处理',
      '这条质疑已作出处理决定，不能再次处理；请刷新查看处理结果。',
      { rule: 'R18.1' },
    );
  }
  const [notice, evaluation] = await Promise.all([
    getNotice(objection.publicityId),
    getEvaluation(objection.evaluationId),
  ]);
  if (!notice || !evaluation) throw new Error(`Objection ${id} refers to a missing notice or evaluation`);
  const at = actor.now.toISOString();
  const decided: Objection = {
    ...objection,
    status: input.outcome,
    decision: { opinion: input.opinion, by: actor.principal.username, at },
    version: objection.version + 1,
  };
  const writes: Write[] = [updateObjectionWrite(objection, decided)];
  const noticeAfter: PublicityNotice = {
    ...notice,
    openObjections: Math.max(0, notice.openObjections - 1),
    ...(input.outcome === 'upheld' && notice.status === 'open' ? { status: 'withdrawn' as const } : {}),
    version: notice.version + 1,
  };
  writes.push(updateNoticeWrite(notice, noticeAfter));
  let evaluationAfter: Evaluation | undefined;
  if (
    input.outcome === 'upheld' &&
    evaluation.status === 'in_publicity' &&
    evaluation.publicityId === notice.id
  ) {
    // R18.1: back to scoring as a re-evaluation does, the published result kept in the evaluation's history.
    evaluationAfter = reopenEvaluation(evaluation, {
      reason: OBJECTION_UPHELD_REASON,
      by: actor.principal.username,
      byOffice: await officeOf(actor.principal),
      at,
      objectionId: id,
    });
    writes.push(updateEvaluationWrite(evaluation, evaluationAfter));
  }
  const notes = notify(
    [{ role: 'city_civil_affairs' }, { role: 'third_party', org: evaluation.evaluator.orgId }],
    {
      type: 'evaluation.objection-decided',
      title: `【质疑处理意见】${notice.stationName}`,
      body: `${notice.stationName}评估结果公示的质疑已${input.outcome === 'upheld' ? '成立，评估结果将修正后重新公示' : '不成立'}。处理意见：${input.opinion}`,
      subject: { type: 'evaluation', id: evaluation.id },
    },
    actor.now,
  );
  writes.push(...notificationWrites(notes));
  const scope = { district: objection.districtCode, street: notice.streetCode };
  await commitWithAudit(writes, [
    auditRecordOf(actor, {
      action: `objection.${input.outcome}`,
      entity: { type: 'objection', id },
      scope,
      before: { status: objection.status },
      after: {
        status: decided.status,
        decision: decided.decision,
        evaluationStatus: evaluationAfter?.status ?? evaluation.status,
      },
    }),
    ...(evaluationAfter
      ? [
          auditRecordOf(
            { ...actor, reason: OBJECTION_UPHELD_REASON },
            {
              action: 'evaluation.objection-upheld',
              entity: { type: 'evaluation', id: evaluation.id },
              scope,
              before: {
                status: evaluation.status,
                result: evaluation.result ?? null,
                publicityId: evaluation.publicityId ?? null,
              },
              after: { status: evaluationAfter.status, history: evaluationAfter.history, objectionId: id },
            },
          ),
        ]
      : []),
  ]);
  await deliverNotices(notes, actor.now);
  return objectionView(decided);
}

export interface JobRunResult {
  readonly examined: number;
  readonly acted: number;
  readonly failed: number;
}

/**
 * The consequences of a final result (R19.1, R25.1). Qualified or better: nothing changes, the contract runs on.
 * Unqualified: an active contract is terminated (slots of months not begun cancelled), no further payment can be
 * made, and a recovery case for the remaining purchase funds is opened with the contract's figures.
 */
async function consequences(
  evaluation: Evaluation,
  contract: Contract | undefined,
  today: IsoDate,
  now: Date,
): Promise<{ writes: Write[]; contractAfter?: Contract; recovery?: RecoveryCase }> {
  if (!contract || !evaluation.result || passes(evaluation.result.grade)) return { writes: [] };
  // Issue 18: the blocked tranches (those not paid) and the status from the facts, by the rule the view reads them.
  const state = recoveryCaseState(await recoveryFactsOf(contract, today));
  const recovery: RecoveryCase = {
    id: ulid(now.getTime()),
    contractId: contract.id,
    evaluationId: evaluation.id,
    districtCode: contract.districtCode,
    streetCode: contract.streetCode,
    operatorOrg: contract.operator.orgId,
    contractAmountFen: contract.amountFen,
    blockedTranches: state.blockedTranches,
    status: state.status,
    openedOn: today,
    version: 1,
  };
  const terminate = contract.status === 'active';
  const contractAfter: Contract = {
    ...contract,
    ...(terminate ? { status: 'terminated' as const, endedOn: today } : {}),
    paymentsBlocked: { since: today, evaluationId: evaluation.id, recoveryCaseId: recovery.id },
    version: contract.version + 1,
    updatedAt: now.toISOString(),
  };
  const writes = [
    ...updateContractWrites(
      contract,
      contractAfter,
      today,
      terminate ? await readStationRegister(contract.stationId) : undefined,
    ),
    ...(terminate ? await cancelSlotWrites(contractAfter, today, now) : []),
    createRecoveryWrite(recovery),
  ];
  return { writes, contractAfter, recovery };
}

/** One notice: closes it when closable, makes the result final and applies its consequences, in one transaction. */
async function closeNotice(id: string, today: IsoDate, actor: Actor): Promise<boolean> {
  const notice = await getNotice(id);
  if (!notice || !isClosable(notice, today)) return false;
  const evaluation = await getEvaluation(notice.evaluationId);
  if (evaluation?.status !== 'in_publicity' || evaluation.publicityId !== notice.id) {
    throw new Error(`Notice ${id} is open but its evaluation is not in publicity with it`);
  }
  const at = actor.now.toISOString();
  const contract = await getContract(evaluation.contractId);
  const {
    writes: consequenceWrites,
    contractAfter,
    recovery,
  } = await consequences(evaluation, contract, today, actor.now);
  const evaluationAfter: Evaluation = {
    ...evaluation,
    status: transitionEvaluation(evaluation.status, 'final'),
    finalOn: today,
    version: evaluation.version + 1,
    updatedAt: at,
  };
  const noticeAfter: PublicityNotice = {
    ...notice,
    status: 'closed',
    closedOn: today,
    version: notice.version + 1,
  };
  const writes: Write[] = [
    updateNoticeWrite(notice, noticeAfter),
    updateEvaluationWrite(evaluation, evaluationAfter),
    ...consequenceWrites,
  ];
  const window = await getWindow(evaluation.contractId, evaluation.serviceYear.n);
  if (window && !window.finalOn) {
    writes.push(updateWindowWrite(window, { ...window, finalOn: today, version: window.version + 1 }));
  }
  const passed = evaluation.result ? passes(evaluation.result.grade) : true;
  const audience: Party[] = [
    { role: 'district_civil_affairs', district: evaluation.districtCode },
    { role: 'operator', org: evaluation.operatorOrg },
    { role: 'street_office', street: evaluation.streetCode },
    ...(passed
      ? []
      : [
          { role: 'city_civil_affairs' } as Party,
          { role: 'district_finance', district: evaluation.districtCode } as Party,
        ]),
  ];
  const notes: Notification[] = notify(
    audience,
    {
      type: 'evaluation.final',
      title: `【评估结果确定】${notice.stationName}：${notice.gradeName}`,
      body: passed
        ? `${notice.stationName}评估结果公示期满无异议，结果确定：总分 ${notice.total}，${notice.gradeName}。承接方在服务期内继续运营。`
        : `${notice.stationName}评估结果确定为不合格（总分 ${notice.total}）。依规定在服务期内终止合同${contract?.status === 'active' ? '（已终止）' : ''}，停止拨付尚未支付的经费，并追回剩余购买资金（追回案件 ${recovery?.id ?? ''}）。`,
      subject: { type: 'evaluation', id: evaluation.id },
    },
    actor.now,
  );
  writes.push(...notificationWrites(notes));
  const audits = [
    auditRecordOf(actor, {
      action: 'evaluation.final',
      entity: { type: 'evaluation', id: evaluation.id },
      scope: { district: evaluation.districtCode, street: evaluation.streetCode },
      before: { status: evaluation.status },
      after: { status: 'final', finalOn: today, grade: evaluation.result?.grade ?? null, notice: notice.id },
    }),
  ];
  if (contract && contractAfter) {
    audits.push(
      auditRecordOf(actor, {
        action:
          contract.status !== contractAfter.status ? 'contract.terminated' : 'contract.payments-blocked',
        entity: { type: 'contract', id: contract.id },
        scope: { district: contract.districtCode, street: contract.streetCode },
        before: { status: contract.status },
        after: { status: contractAfter.status, paymentsBlocked: contractAfter.paymentsBlocked, recovery },
      }),
    );
  }
  await commitWithAudit(writes, audits);
  await deliverNotices(notes, actor.now);
  return true;
}

/**
 * R18.1 publicity-period closing, every working day: reads the open notices whose minimum period is over and that
 * have no objection pending (byDue), and closes each on its own. On a day off it does nothing.
 */
export async function closeDuePublicity(today: IsoDate, actor: Actor): Promise<JobRunResult> {
  const calendar = await loadWorkingCalendar();
  if (!calendar.isWorkingDay(today).working) return { examined: 0, acted: 0, failed: 0 };
  const { items, read } = await dueNotices(today);
  let acted = 0;
  let failed = 0;
  for (const { id } of items) {
    try {
      if (await closeNotice(id, today, actor)) acted += 1;
    } catch (error) {
      if ((error as DomainError).code === 'VERSION_CONFLICT') continue; // another run closed it meanwhile
      failed += 1;
      logger.error('publicity closing failed', { notice: id, error: error as Error });
    }
  }
  return { examined: read, acted, failed };
}

/** On a day off no notice closes (R18.1 counts working days). */
const isWorkingDay = async (today: IsoDate) => (await loadWorkingCalendar()).isWorkingDay(today).working;

/**
 * Issue 20: the publicity-closing job's fan-out: the due notices (byDue `DUE#PUBLICITY`), one closing per work
 * message, only on working days (the dispatcher hands nothing on a day off, and a worker given such a day does
 * nothing). A notice closed meanwhile (or by the first delivery of a message) is not closable any more: nothing
 * changes twice; a version conflict (an objection filed at that moment) is delivered again and decided afresh.
 */
export const publicityClosingFanOut: FanOut = {
  jobId: 'publicity-closing',
  partitions: [
    {
      partition: 'DUE#PUBLICITY',
      attributes: ['id'],
      work: (item, today, actor) => closeNotice(String(item.id), today, actor),
    },
  ],
  actsOn: isWorkingDay,
};
