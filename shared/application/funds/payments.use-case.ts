import { ulid } from 'ulid';
import { archiveDocumentOf, archiveDocumentWrite } from '#shared/adapters/dynamodb/archives.repository';
import { getContract } from '#shared/adapters/dynamodb/contracts.repository';
import { getDocument } from '#shared/adapters/dynamodb/documents.repository';
import {
  evaluationsOfDistrict,
  getRecovery,
  type RecoveryCase,
} from '#shared/adapters/dynamodb/evaluations.repository';
import {
  advanceTrancheWrite,
  createDisbursementWrite,
  createLedgerWrite,
  createRepaymentWrite,
  type Disbursement,
  disbursementsOf,
  type LedgerEntry,
  ledgerOf,
  recoveryCasesOfDistrict,
  repaymentsOf,
  trancheStates,
  updateRecoveryWrite,
} from '#shared/adapters/dynamodb/funds.repository';
import { getSlot } from '#shared/adapters/dynamodb/reports.repository';
import { auditRecordOf, commitWithAudit } from '#shared/adapters/dynamodb/unit-of-work';
import { objectExists, presignDownload, presignUpload } from '#shared/adapters/s3/presign';
import type { Principal } from '#shared/domain/access/roles';
import type { Actor } from '#shared/domain/audit/audit-record';
import { compareDates, daysBetween, type IsoDate, shanghaiDate } from '#shared/domain/calendar/dates';
import { isEffective } from '#shared/domain/contracts/co-signed';
import type { Contract, TranchePrecondition } from '#shared/domain/contracts/contract';
import { DomainError, notFound, outOfScope, versionConflict } from '#shared/domain/errors';
import { passes } from '#shared/domain/evaluation/scoring';
import { LEDGER_CATEGORIES, type LedgerCategory } from '#shared/domain/funds/categories';
import { type RecoveryFacts, type RecoveryState, recoveryCaseState } from '#shared/domain/funds/recovery';
import { type TrancheState, tranchesOn } from '#shared/domain/funds/tranches';
import { assertInScope, readableDistricts } from '../access';
import { contractScope } from '../contracts/contracts.use-case';
import { deliverNotices } from '../notify/deliveries.use-case';
import { notificationWrites, notify } from '../reports/notifications.use-case';

const audit = (c: Contract) => ({ scope: { district: c.districtCode, street: c.streetCode } });

async function contractInScope(principal: Principal, id: string): Promise<Contract> {
  const contract = await getContract(id);
  if (!contract) throw notFound('服务合同');
  assertInScope(principal, contractScope(contract));
  return contract;
}

const PRECONDITION_NAMES: Readonly<Record<TranchePrecondition, string>> = {
  contract_signed: '合同已签订生效',
  task_book_confirmed: '项目任务书已双方确认',
  midterm_report_accepted: '中期工作报告已验收',
  final_report_accepted: '终期工作报告已验收',
  evaluation_qualified: '评估结果为合格及以上',
};

/** Whether a tranche's precondition holds now, from the records that prove it. */
async function preconditionMet(contract: Contract, p: TranchePrecondition): Promise<boolean> {
  switch (p) {
    case 'contract_signed':
      return contract.status !== 'draft';
    case 'task_book_confirmed': {
      const doc = await getDocument(contract.id, 'task-book', 1);
      return doc !== undefined && isEffective(doc);
    }
    case 'midterm_report_accepted':
      return (await getSlot(`${contract.id}-MID`))?.status === 'accepted';
    case 'final_report_accepted':
      return (await getSlot(`${contract.id}-FIN`))?.status === 'accepted';
    case 'evaluation_qualified':
      return (await evaluationsOfDistrict(contract.districtCode)).some(
        (e) => e.contractId === contract.id && e.status === 'final' && e.result && passes(e.result.grade),
      );
  }
}

export type TrancheView = TrancheState;

/** R25.1: each tranche with what was paid, what is late and what is blocked (`tranchesOn`), and every disbursement. */
export async function contractPayments(principal: Principal, id: string, today: IsoDate) {
  const contract = await contractInScope(principal, id);
  const [states, disbursements] = await Promise.all([trancheStates(id), disbursementsOf(id)]);
  const paid = new Map(states.map((s) => [s.seq, s.paidFen]));
  const blocked = contract.paymentsBlocked !== undefined || contract.status === 'terminated';
  const tranches: TrancheView[] = tranchesOn(contract.paymentSchedule, paid, blocked, today);
  return {
    contractId: id,
    amountFen: contract.amountFen,
    disbursedFen: disbursements.reduce((n, d) => n + d.amountFen, 0),
    ...(contract.paymentsBlocked ? { paymentsBlocked: contract.paymentsBlocked } : {}),
    tranches,
    disbursements,
  };
}

export interface DisbursementInput {
  readonly seq: number;
  readonly amountFen: number;
  readonly paidOn: IsoDate;
  readonly reason?: string;
  readonly voucherRef?: string;
  /** What the clerk saw paid on the tranche; when given, a different amount now paid is a 409. */
  readonly paidBeforeFen?: number;
}

/**
 * R25.1: district finance records a payment against a tranche, in one transaction with the tranche's paid amount
 * (so two clerks paying at once cannot both succeed). Refused beyond the tranche, on a terminated contract or a
 * blocked one, before the tranche's precondition holds, and early or late without a recorded reason.
 */
export async function recordDisbursement(
  actor: Actor,
  contractId: string,
  input: DisbursementInput,
): Promise<Disbursement> {
  const contract = await contractInScope(actor.principal, contractId);
  if (contract.status === 'draft') {
    throw new DomainError('CONTRACT_NOT_ACTIVE', 409, '合同未生效，不能拨付', '合同生效后才能拨付资金。', {
      rule: 'R25.1',
    });
  }
  if (contract.paymentsBlocked) {
    throw new DomainError(
      'PAYMENTS_BLOCKED',
      409,
      '评估结果不合格，已停止拨付',
      '该合同的评估结果为不合格，按规定停止拨付后续资金。',
      {
        rule: 'R25.1',
      },
    );
  }
  if (contract.status === 'terminated') {
    throw new DomainError(
      'CONTRACT_TERMINATED',
      409,
      '合同已终止，不能拨付',
      '合同已终止，不再拨付；已拨未用的资金按追回程序处理。',
      { rule: 'R25.1' },
    );
  }
  const tranche = contract.paymentSchedule.find((t) => t.seq === input.seq);
  if (!tranche) {
    throw new DomainError('TRANCHE_UNKNOWN', 422, '合同没有这一期拨付计划', undefined, {
      errors: [{ path: 'body.seq', message: `合同共 ${contract.paymentSchedule.length} 期` }],
    });
  }
  const state = (await trancheStates(contractId)).find((s) => s.seq === input.seq);
  const paid = state?.paidFen ?? 0;
  if (input.paidBeforeFen !== undefined && input.paidBeforeFen !== paid) {
    // The clerk decided on what was paid when they looked; someone paid since (or paid at the same time).
    throw new DomainError('TRANCHE_CHANGED', 409, '该期款项刚被他人支付，请刷新后重试', undefined, {
      rule: 'R25.1',
      errors: [{ path: 'body.paidBeforeFen', message: `该期当前已拨付 ${paid} 分` }],
    });
  }
  if (paid + input.amountFen > tranche.amountFen) {
    throw new DomainError('TRANCHE_EXCEEDED', 422, '超出该期计划拨付金额', undefined, {
      rule: 'R25.1',
      errors: [{ path: 'body.amountFen', message: `该期尚可拨付 ${tranche.amountFen - paid} 分` }],
    });
  }
  if (tranche.precondition && !(await preconditionMet(contract, tranche.precondition))) {
    throw new DomainError(
      'TRANCHE_PRECONDITION_UNMET',
      409,
      `拨付条件未满足：${PRECONDITION_NAMES[tranche.precondition]}`,
      `该期款项的拨付条件是「${PRECONDITION_NAMES[tranche.precondition]}」，目前尚未满足；请在满足后再拨付。`,
      {
        rule: 'R25.1',
      },
    );
  }
  const offset = daysBetween(tranche.plannedOn, input.paidOn);
  if (offset !== 0 && !input.reason?.trim()) {
    throw new DomainError(
      'PAYMENT_DEVIATION_REASON_REQUIRED',
      422,
      offset < 0 ? '提前拨付须说明理由' : '延迟拨付须说明理由',
      undefined,
      {
        rule: 'R25.1',
        errors: [{ path: 'body.reason', message: `计划日期 ${tranche.plannedOn}，实际 ${input.paidOn}` }],
      },
    );
  }
  const disbursement: Disbursement = {
    id: ulid(actor.now.getTime()),
    contractId,
    districtCode: contract.districtCode,
    streetCode: contract.streetCode,
    seq: input.seq,
    amountFen: input.amountFen,
    paidOn: input.paidOn,
    plannedOn: tranche.plannedOn,
    ...(offset !== 0
      ? {
          deviation: {
            kind: offset < 0 ? 'early' : 'late',
            days: Math.abs(offset),
            reason: input.reason ?? '',
          },
        }
      : {}),
    ...(input.voucherRef ? { voucherRef: input.voucherRef } : {}),
    recordedBy: actor.principal.username,
    recordedAt: actor.now.toISOString(),
  };
  const notes = notify(
    [{ role: 'operator', org: contract.operator.orgId }],
    {
      type: 'funds.disbursed',
      title: `【经费拨付】合同 ${contract.number} 第 ${input.seq} 期`,
      body: `合同 ${contract.number} 第 ${input.seq} 期已于 ${input.paidOn} 拨付 ${input.amountFen} 分。`,
      subject: { type: 'contract', id: contractId },
    },
    actor.now,
  );
  await commitWithAudit(
    [
      advanceTrancheWrite(state, {
        contractId,
        seq: input.seq,
        paidFen: paid + input.amountFen,
        version: (state?.version ?? 0) + 1,
      }),
      createDisbursementWrite(disbursement),
      ...notificationWrites(notes),
    ],
    [
      auditRecordOf(actor, {
        action: 'funds.disburse',
        entity: { type: 'contract', id: contractId },
        ...audit(contract),
        after: disbursement,
      }),
    ],
  );
  await deliverNotices(notes, actor.now);
  return disbursement;
}

export const VOUCHER_CONTENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
const VOUCHER_EXT = { 'application/pdf': 'pdf', 'image/jpeg': 'jpg', 'image/png': 'png' } as const;
const VOUCHER_TTL_SECONDS = 300;

/** R27.1: a presigned PUT for a voucher of the contract's ledger (the operator's own contracts only). */
export async function voucherUploadUrl(
  actor: Actor,
  contractId: string,
  input: { contentType: (typeof VOUCHER_CONTENT_TYPES)[number]; bytes: number },
) {
  const contract = await contractInScope(actor.principal, contractId);
  if (!actor.principal.org || actor.principal.org !== contract.operator.orgId) throw outOfScope();
  const key = `vouchers/${contractId}/${ulid(actor.now.getTime())}.${VOUCHER_EXT[input.contentType]}`;
  const url = await presignUpload(key, input.contentType, input.bytes, VOUCHER_TTL_SECONDS);
  return {
    key,
    url,
    method: 'PUT' as const,
    headers: { 'content-type': input.contentType },
    expiresAt: new Date(actor.now.getTime() + VOUCHER_TTL_SECONDS * 1000).toISOString(),
  };
}

/** R27.1: the operator records an expenditure of the dedicated ledger, with its uploaded voucher. */
export async function recordExpenditure(
  actor: Actor,
  contractId: string,
  input: {
    spentOn: IsoDate;
    amountFen: number;
    category: LedgerCategory;
    description: string;
    voucherKey: string;
  },
): Promise<LedgerEntry> {
  const contract = await contractInScope(actor.principal, contractId);
  if (contract.status === 'draft') {
    throw new DomainError(
      'CONTRACT_NOT_ACTIVE',
      409,
      '合同未生效，不能记账',
      '合同生效后才能登记专账支出。',
      { rule: 'R27.1' },
    );
  }
  if (compareDates(input.spentOn, shanghaiDate(actor.now)) > 0) {
    throw new DomainError('EXPENDITURE_IN_FUTURE', 422, '支出日期不能晚于今天', undefined, {
      errors: [{ path: 'body.spentOn', message: '支出日期不能晚于今天' }],
    });
  }
  if (
    !input.voucherKey.startsWith(`vouchers/${contractId}/`) ||
    !(await objectExists('reports', input.voucherKey))
  ) {
    throw new DomainError('VOUCHER_MISSING', 422, '请先上传该笔支出的凭证', undefined, {
      rule: 'R27.1',
      errors: [{ path: 'body.voucherKey', message: '凭证不存在或不属于本合同' }],
    });
  }
  const entry: LedgerEntry = {
    id: ulid(actor.now.getTime()),
    contractId,
    districtCode: contract.districtCode,
    streetCode: contract.streetCode,
    ...input,
    recordedBy: actor.principal.username,
    recordedAt: actor.now.toISOString(),
  };
  await commitWithAudit(
    [
      createLedgerWrite(entry),
      // R10.1: the voucher is an accounting archive document (and one voucher backs one expense).
      archiveDocumentWrite(archiveDocumentOf.voucher(entry), actor.now),
    ],
    [
      auditRecordOf(actor, {
        action: 'ledger.record',
        entity: { type: 'ledger-entry', id: entry.id },
        ...audit(contract),
        after: entry,
      }),
    ],
  );
  return entry;
}

/** R27.1: the ledger with its category totals against the contract's R23 breakdown (auditors read it too). */
export async function contractLedger(principal: Principal, contractId: string) {
  const contract = await contractInScope(principal, contractId);
  const entries = await ledgerOf(contractId);
  const budget: Record<LedgerCategory, number> = {
    labour: contract.breakdown.labourFen,
    quality_assurance: contract.breakdown.qualityAssuranceFen,
    operator_management: contract.breakdown.operatorManagementFen,
  };
  const categories = LEDGER_CATEGORIES.map((category) => {
    const spentFen = entries.filter((e) => e.category === category).reduce((n, e) => n + e.amountFen, 0);
    return {
      category,
      budgetFen: budget[category],
      spentFen,
      remainingFen: budget[category] - spentFen,
      overspent: spentFen > budget[category],
    };
  });
  return { contractId, entries, categories, totalSpentFen: categories.reduce((n, c) => n + c.spentFen, 0) };
}

/** A presigned GET of an entry's voucher, for whoever may read the ledger. */
export async function voucherDownload(principal: Principal, contractId: string, entryId: string) {
  await contractInScope(principal, contractId);
  const entry = (await ledgerOf(contractId)).find((e) => e.id === entryId);
  if (!entry) throw notFound('账目');
  const fileName = entry.voucherKey.split('/').pop() ?? 'voucher';
  return {
    url: await presignDownload(entry.voucherKey, fileName, VOUCHER_TTL_SECONDS),
    expiresInSeconds: VOUCHER_TTL_SECONDS,
  };
}

export interface RecoveryView extends Omit<RecoveryCase, 'status' | 'blockedTranches'>, RecoveryState {
  readonly terminationOn: IsoDate;
}

/**
 * R25.1: the facts of a contract's recovery: its schedule, every disbursement, the ledger's expenditure dated up to
 * termination and the case's repayments (none before the case exists).
 */
export async function recoveryFactsOf(
  contract: Contract,
  terminationOn: IsoDate,
  caseId?: string,
): Promise<RecoveryFacts> {
  const [disbursements, ledger, repayments] = await Promise.all([
    disbursementsOf(contract.id),
    ledgerOf(contract.id),
    caseId ? repaymentsOf(caseId) : Promise.resolve([]),
  ]);
  return {
    schedule: contract.paymentSchedule,
    disbursements,
    recognisedExpenditureFen: ledger
      .filter((e) => compareDates(e.spentOn, terminationOn) <= 0)
      .reduce((n, e) => n + e.amountFen, 0),
    repaidFen: repayments.reduce((n, r) => n + r.amountFen, 0),
  };
}

/**
 * R25.1: the case's figures now, every derived field (amount, outstanding, settled, status, blocked tranches) from
 * the stored facts by `recoveryCaseState`, the rule its writes store the status with (issue 18).
 */
async function recoveryView(c: RecoveryCase): Promise<RecoveryView> {
  const contract = await getContract(c.contractId);
  if (!contract) throw new Error(`Recovery case ${c.id} names a missing contract ${c.contractId}`);
  const terminationOn = contract.paymentsBlocked?.since ?? c.openedOn;
  const state = recoveryCaseState(await recoveryFactsOf(contract, terminationOn, c.id));
  return { ...c, terminationOn, ...state };
}

export async function listRecoveryCases(
  principal: Principal,
  q: { district?: string },
): Promise<RecoveryView[]> {
  const districts = await readableDistricts(principal, q.district);
  const cases = (await Promise.all(districts.map(recoveryCasesOfDistrict))).flat();
  return Promise.all(cases.map(recoveryView));
}

/** District finance records a repayment, never beyond what is outstanding; the case settles when nothing is. */
export async function recordRepayment(
  actor: Actor,
  caseId: string,
  input: { amountFen: number; paidOn: IsoDate; version: number },
): Promise<RecoveryView> {
  const recovery = await getRecovery(caseId);
  if (!recovery) throw notFound('追回案件');
  assertInScope(actor.principal, { district: recovery.districtCode });
  const view = await recoveryView(recovery);
  if (view.settled)
    throw new DomainError(
      'RECOVERY_SETTLED',
      409,
      '追回案件已结清',
      '该追回案件的应追回金额已全部收回，无需再登记还款。',
      { rule: 'R25.1' },
    );
  if (input.amountFen > view.outstandingFen) {
    throw new DomainError('REPAYMENT_EXCEEDS_OUTSTANDING', 422, '超出应追回余额', undefined, {
      rule: 'R25.1',
      errors: [{ path: 'body.amountFen', message: `尚需追回 ${view.outstandingFen} 分` }],
    });
  }
  const contract = await getContract(recovery.contractId);
  if (!contract) throw notFound('服务合同');
  const facts = await recoveryFactsOf(contract, view.terminationOn, caseId);
  const state = recoveryCaseState({ ...facts, repaidFen: facts.repaidFen + input.amountFen });
  const after: RecoveryCase = {
    ...recovery,
    status: state.status,
    blockedTranches: state.blockedTranches,
    version: recovery.version + 1,
  };
  if (recovery.version !== input.version) throw versionConflict();
  await commitWithAudit(
    [
      updateRecoveryWrite(recovery, after),
      createRepaymentWrite({
        id: ulid(actor.now.getTime()),
        caseId,
        amountFen: input.amountFen,
        paidOn: input.paidOn,
        recordedBy: actor.principal.username,
        recordedAt: actor.now.toISOString(),
      }),
    ],
    [
      auditRecordOf(actor, {
        action: 'recovery.repayment',
        entity: { type: 'recovery-case', id: caseId },
        scope: { district: recovery.districtCode, street: recovery.streetCode },
        before: { repaidFen: view.repaidFen, status: recovery.status },
        after: { repaidFen: view.repaidFen + input.amountFen, status: after.status },
      }),
    ],
  );
  return recoveryView(after);
}
