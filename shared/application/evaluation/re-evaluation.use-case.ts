import { getContract } from '#shared/adapters/dynamodb/contracts.repository';
import {
  getNotice,
  objectionsOfDistrict,
  updateEvaluationWrite,
  updateNoticeWrite,
  updateObjectionWrite,
} from '#shared/adapters/dynamodb/evaluations.repository';
import { auditRecordOf, commitWithAudit, type Write } from '#shared/adapters/dynamodb/unit-of-work';
import type { Actor } from '#shared/domain/audit/audit-record';
import { versionConflict } from '#shared/domain/errors';
import {
  type Evaluation,
  type Objection,
  type PublicityNotice,
  reEvaluationReason,
  reopenEvaluation,
  supersedeObjection,
} from '#shared/domain/evaluation/evaluation';
import { GRADE_NAMES } from '#shared/domain/evaluation/scoring';
import type { Party } from '#shared/domain/reports/report-slot';
import { officeOf } from '../access';
import { deliverNotices } from '../notify/deliveries.use-case';
import { notificationWrites, notify } from '../reports/notifications.use-case';
import { readEvaluation } from './evaluations.use-case';

/**
 * R18.1: the district's re-evaluation (重新评估) of a confirmed or published evaluation, the one way to change its
 * locked scores before the result is final.
 * 1. The evaluation, in the district's scope, at the version read, confirmed or in publicity (final: refused).
 * 2. It returns to scoring; the confirmed result (with the notice it was published with) goes into `history`.
 * 3. An open notice is withdrawn; its objections still open are answered by the re-evaluation (`superseded`, the
 *    reason as the district's opinion) and reported to the city, as decided objections are.
 * 4. The third party, the street office, the operator (and the city when objections were open) are told.
 * All of it, with one audit record per changed item, in one transaction; after new scores the district confirms
 * again and publishing opens a new notice (a new round).
 */
export async function reEvaluate(
  actor: Actor,
  id: string,
  input: { readonly version: number; readonly reason?: string | undefined },
): Promise<Evaluation> {
  const before = await readEvaluation(actor.principal, id);
  const reason = reEvaluationReason(input.reason);
  if (before.version !== input.version) throw versionConflict();
  const at = actor.now.toISOString();
  const by = actor.principal.username;
  const after = reopenEvaluation(before, { reason, by, byOffice: await officeOf(actor.principal), at });
  const withReason: Actor = { ...actor, reason };
  const audit = { scope: { district: before.districtCode, street: before.streetCode } };
  const writes: Write[] = [updateEvaluationWrite(before, after)];
  const audits = [
    auditRecordOf(withReason, {
      action: 'evaluation.re-evaluate',
      entity: { type: 'evaluation', id: before.id },
      ...audit,
      before: {
        status: before.status,
        result: before.result ?? null,
        total: before.result?.total ?? null,
        grade: before.result?.grade ?? null,
        publicityId: before.publicityId ?? null,
      },
      after: { status: after.status, history: after.history },
    }),
  ];
  let notice: PublicityNotice | undefined;
  let superseded: Objection[] = [];
  if (before.status === 'in_publicity' && before.publicityId) {
    notice = await getNotice(before.publicityId);
    if (!notice) throw new Error(`Evaluation ${id} is in publicity with a missing notice`);
  }
  if (notice?.status === 'open') {
    const open = (await objectionsOfDistrict(before.districtCode)).filter(
      (o) => o.publicityId === notice.id && o.status === 'open',
    );
    superseded = open.map((o) => supersedeObjection(o, { reason, by, at }));
    const withdrawn: PublicityNotice = {
      ...notice,
      status: 'withdrawn',
      openObjections: 0,
      version: notice.version + 1,
    };
    writes.push(updateNoticeWrite(notice, withdrawn));
    audits.push(
      auditRecordOf(withReason, {
        action: 'publicity.withdraw',
        entity: { type: 'publicity', id: notice.id },
        ...audit,
        before: { status: notice.status, openObjections: notice.openObjections },
        after: { status: withdrawn.status, openObjections: 0 },
      }),
    );
    open.forEach((o, i) => {
      const decided = superseded[i] as Objection;
      writes.push(updateObjectionWrite(o, decided));
      audits.push(
        auditRecordOf(withReason, {
          action: 'objection.superseded',
          entity: { type: 'objection', id: o.id },
          ...audit,
          before: { status: o.status },
          after: { status: decided.status, decision: decided.decision },
        }),
      );
    });
  }
  const contract = await getContract(before.contractId);
  const what = `合同 ${contract?.number ?? before.contractId} 第 ${before.serviceYear.n} 服务年度评估`;
  const previous = before.result
    ? `原结果 ${before.result.total} 分（${GRADE_NAMES[before.result.grade]}）已存档`
    : '原结果已存档';
  const audience: Party[] = [
    { role: 'third_party', org: before.evaluator.orgId },
    { role: 'street_office', street: before.streetCode },
    { role: 'operator', org: before.operatorOrg },
    ...(superseded.length > 0 ? [{ role: 'city_civil_affairs' } as Party] : []),
  ];
  const notes = notify(
    audience,
    {
      type: 'evaluation.reopened',
      title: `【重新评估】${what}`,
      body: `区县民政部门对${what}发起重新评估，评估退回评分阶段，${previous}${notice?.status === 'open' ? `；公示已撤回${superseded.length > 0 ? `，${superseded.length} 件未处理的质疑随之终结` : ''}` : ''}。各方修改分数须说明理由，重新确认后另行公示。理由：${reason.slice(0, 500)}`,
      subject: { type: 'evaluation', id: before.id },
    },
    actor.now,
  );
  writes.push(...notificationWrites(notes));
  await commitWithAudit(writes, audits);
  await deliverNotices(notes, actor.now);
  return after;
}
