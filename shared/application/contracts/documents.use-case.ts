import {
  type DocumentKind,
  getDocument,
  listProgress,
  putDocumentWrite,
  putProgressWrite,
  type StoredDocument,
  type StoredProgress,
} from '#shared/adapters/dynamodb/documents.repository';
import { auditRecordOf, commitWithAudit } from '#shared/adapters/dynamodb/unit-of-work';
import type { Principal } from '#shared/domain/access/roles';
import type { Actor } from '#shared/domain/audit/audit-record';
import {
  type CoSigned,
  confirmCoSigned,
  draftCoSigned,
  isEffective,
  missingConfirmations,
  reviseCoSigned,
  type SigningParty,
} from '#shared/domain/contracts/co-signed';
import type { Contract } from '#shared/domain/contracts/contract';
import { serviceYears } from '#shared/domain/contracts/service-domains';
import {
  checkTaskCategories,
  completionRateBasisPoints,
  type NeedsSurvey,
  type TaskBook,
  type TaskProgress,
} from '#shared/domain/contracts/task-book';
import { DomainError, notFound, versionConflict } from '#shared/domain/errors';
import { prohibitedTaskCategories } from '#shared/domain/policy/policy';
import { policyOn } from '../policy/policies.use-case';
import { readContract } from './contracts.use-case';

const serviceYearOf = (contract: Contract, year: number) => {
  const found = serviceYears(contract.servicePeriod).find((y) => y.n === year);
  if (!found) {
    throw new DomainError('SERVICE_YEAR_OUT_OF_PERIOD', 422, '服务年度超出合同服务期', undefined, {
      errors: [
        {
          path: 'params.year',
          message: `合同服务期共 ${serviceYears(contract.servicePeriod).length} 个服务年度`,
        },
      ],
    });
  }
  return found;
};

const assertOpen = (c: Contract) => {
  if (c.status === 'completed' || c.status === 'terminated') {
    throw new DomainError(
      'CONTRACT_CLOSED',
      409,
      '合同已结束，不能再修改',
      '已完成或已终止的合同不能再修改。',
      { rule: 'R3.1' },
    );
  }
};

const partyOf = (principal: Principal): SigningParty =>
  principal.roles.includes('operator') ? 'operator' : 'street_office';

const audited = (
  actor: Actor,
  contract: Contract,
  kind: DocumentKind,
  year: number,
  action: string,
  before: unknown,
  after: unknown,
) =>
  auditRecordOf(actor, {
    action: `${kind}.${action}`,
    entity: { type: kind, id: `${contract.id}:${year}` },
    scope: { district: contract.districtCode, street: contract.streetCode },
    ...(before === undefined ? {} : { before }),
    after,
  });

/**
 * Drafts or revises a co-signed document of a service year (the operator writes; R9.2).
 * 1. Read the contract (scope) and check the year is in its period and the contract is open.
 * 2. A revision must carry the version read; a first draft must not.
 * 3. New content withdraws both confirmations; save conditionally with the audit record.
 */
async function draftDocument<C>(
  actor: Actor,
  contractId: string,
  kind: DocumentKind,
  year: number,
  version: number | undefined,
  content: C,
  check: (contract: Contract) => Promise<void> = async () => undefined,
): Promise<StoredDocument<C>> {
  const contract = await readContract(actor.principal, contractId);
  assertOpen(contract);
  serviceYearOf(contract, year);
  await check(contract);
  const before = await getDocument<C>(contractId, kind, year);
  if (before ? version !== before.version : version !== undefined) throw versionConflict();
  const doc: CoSigned<C> = before ? reviseCoSigned(before, content) : draftCoSigned(content);
  const after: StoredDocument<C> = {
    ...doc,
    contractId,
    kind,
    year,
    version: (before?.version ?? 0) + 1,
    updatedAt: actor.now.toISOString(),
  };
  await commitWithAudit(
    [putDocumentWrite(after, before)],
    [audited(actor, contract, kind, year, before ? 'revise' : 'draft', before, after)],
  );
  return after;
}

export const draftNeedsSurvey = (
  actor: Actor,
  contractId: string,
  year: number,
  version: number | undefined,
  survey: NeedsSurvey,
) => draftDocument(actor, contractId, 'needs-survey', year, version, survey);

/** The task book is drafted by the operator; an item in a prohibited category (R8.1, policy data) is refused. */
export const draftTaskBook = (
  actor: Actor,
  contractId: string,
  year: number,
  version: number | undefined,
  book: TaskBook,
) =>
  draftDocument(actor, contractId, 'task-book', year, version, book, async (contract) => {
    const policy = await policyOn(serviceYearOf(contract, year).start);
    checkTaskCategories(book.items, prohibitedTaskCategories(policy.version.parameters));
  });

/**
 * The operator or the street office confirms the current revision (R9.2). The task book can only be confirmed
 * once the year's needs survey is in effect. When both have confirmed, the revision takes effect.
 */
export async function confirmDocument(
  actor: Actor,
  contractId: string,
  kind: DocumentKind,
  year: number,
  version: number,
) {
  const contract = await readContract(actor.principal, contractId);
  assertOpen(contract);
  const before = await getDocument<unknown>(contractId, kind, year);
  if (!before) throw notFound(kind === 'task-book' ? '项目任务书' : '需求调研');
  if (before.version !== version) throw versionConflict();
  if (kind === 'task-book') {
    const survey = await getDocument<NeedsSurvey>(contractId, 'needs-survey', year);
    if (!survey?.effective) {
      throw new DomainError(
        'NEEDS_SURVEY_NOT_CONFIRMED',
        409,
        '需求调研尚未经双方确认，不能确认任务书',
        '请先由承接方和街道办事处双方确认本服务年度的需求调研，再确认项目任务书。',
        {
          rule: 'R9.2',
        },
      );
    }
  }
  const principal = actor.principal;
  const doc = confirmCoSigned(before, partyOf(principal), {
    sub: principal.sub,
    username: principal.username,
    at: actor.now.toISOString(),
  });
  const after = { ...before, ...doc, version: before.version + 1, updatedAt: actor.now.toISOString() };
  await commitWithAudit(
    [putDocumentWrite(after, before)],
    [audited(actor, contract, kind, year, 'confirm', before, after)],
  );
  return view(after);
}

const view = <C>(doc: StoredDocument<C>) => ({
  ...doc,
  inEffect: isEffective(doc),
  awaiting: missingConfirmations(doc),
});

export async function readDocument(
  principal: Principal,
  contractId: string,
  kind: DocumentKind,
  year: number,
) {
  const contract = await readContract(principal, contractId);
  serviceYearOf(contract, year);
  const doc = await getDocument<TaskBook | NeedsSurvey>(contractId, kind, year);
  if (!doc) throw notFound(kind === 'task-book' ? '项目任务书' : '需求调研');
  if (kind !== 'task-book') return view(doc);
  const progress = await listProgress(contractId, year);
  const effective = (doc as StoredDocument<TaskBook>).effective?.content;
  return {
    ...view(doc),
    progress,
    ...(effective ? { completionRateBasisPoints: completionRateBasisPoints(effective.items, progress) } : {}),
  };
}

/** The operator records progress against a task of the task book in effect (target vs actual). */
export async function recordProgress(
  actor: Actor,
  contractId: string,
  year: number,
  taskId: string,
  input: TaskProgress & { readonly version?: number },
): Promise<StoredProgress> {
  const contract = await readContract(actor.principal, contractId);
  assertOpen(contract);
  const book = await getDocument<TaskBook>(contractId, 'task-book', year);
  const task = book?.effective?.content.items.find((i) => i.id === taskId);
  if (!book?.effective) {
    throw new DomainError(
      'TASK_BOOK_NOT_IN_EFFECT',
      409,
      '任务书尚未经双方确认生效',
      '本服务年度的项目任务书须经承接方和街道办事处双方确认后才生效；请先完成确认。',
      {
        rule: 'R9.2',
      },
    );
  }
  if (!task) throw notFound('任务');
  const before = (await listProgress(contractId, year))[taskId];
  if (before ? input.version !== before.version : input.version !== undefined) throw versionConflict();
  const { version: _v, ...progress } = input;
  const after: StoredProgress = { ...progress, taskId, version: (before?.version ?? 0) + 1 };
  await commitWithAudit(
    [putProgressWrite(contractId, year, after, before)],
    [
      auditRecordOf(actor, {
        action: 'task-progress.record',
        entity: { type: 'task-progress', id: `${contractId}:${year}:${taskId}` },
        scope: { district: contract.districtCode, street: contract.streetCode },
        ...(before ? { before } : {}),
        after,
      }),
    ],
  );
  return after;
}
