import { ulid } from 'ulid';
import { idNumberForDigest, personDigest } from '#shared/adapters/crypto/person-digest';
import { activeContractOf, getWorker } from '#shared/adapters/dynamodb/contracts.repository';
import { keys } from '#shared/adapters/dynamodb/keys';
import type { Page } from '#shared/adapters/dynamodb/pagination';
import { holdPersonWrite, personHolder } from '#shared/adapters/dynamodb/person-guard.repository';
import {
  createRecipientWrite,
  dueRecipients,
  getRecipient,
  openRecipient,
  queryRecipients,
  recipientUnchangedCheck,
  sealRecipient,
  updateRecipientWrite,
} from '#shared/adapters/dynamodb/recipients.repository';
import { getStation } from '#shared/adapters/dynamodb/stations.repository';
import { auditRecordOf, commitWithAudit, type Write } from '#shared/adapters/dynamodb/unit-of-work';
import type { Principal, ResourceScope } from '#shared/domain/access/roles';
import { recipientRetainUntil } from '#shared/domain/archives/retention';
import { type Actor, systemActor } from '#shared/domain/audit/audit-record';
import { type IsoDate, shanghaiDate, zhDate } from '#shared/domain/calendar/dates';
import type { Contract } from '#shared/domain/contracts/contract';
import { DomainError, notFound, outOfScope, versionConflict } from '#shared/domain/errors';
import { recipientLists } from '#shared/domain/policy/policy';
import {
  type Assessment,
  anonymised,
  anonymiseOnAfter,
  type Consent,
  checkAssessment,
  checkCategory,
  checkConsent,
  type MaskedRecipient,
  maskedConsent,
  maskedRecipient,
  PERSONAL_FIELDS,
  RECIPIENT_STATUS_NAMES,
  type Recipient,
  type RecipientPersonalData,
  resolveBirthDate,
  transitionRecipient,
} from '#shared/domain/recipients/recipient';
import { logger } from '#shared/http/logger';
import { byId, type FanOut } from '#shared/jobs/fan-out';
import { assertInScope } from '../access';
import { policyOn } from '../policy/policies.use-case';

/**
 * Who a recipient's file belongs to: its station's district and street, and the operator running the station's
 * contract in force today (an operator that has left reads nothing more; the next one reads the register).
 */
const scopeOf = (
  r: Pick<Recipient, 'districtCode' | 'streetCode'>,
  contract: Contract | undefined,
): ResourceScope => ({
  district: r.districtCode,
  street: r.streetCode,
  orgs: contract ? [contract.operator.orgId] : [],
});

const auditScope = (r: Pick<Recipient, 'districtCode' | 'streetCode'>) => ({
  district: r.districtCode,
  street: r.streetCode,
});

/** The station (404/403 as for any of its records) and its contract in force today. */
async function stationInScope(principal: Principal, stationId: string, today: IsoDate) {
  const station = await getStation(stationId);
  if (!station) throw notFound('社工站');
  const contract = await activeContractOf(station.id, today);
  assertInScope(
    principal,
    scopeOf({ districtCode: station.districtCode, streetCode: station.streetCode }, contract),
  );
  return { station, contract };
}

async function recipientInScope(principal: Principal, id: string, today: IsoDate) {
  const recipient = await getRecipient(id);
  if (!recipient) throw notFound('服务对象');
  const contract = await activeContractOf(recipient.stationId, today);
  assertInScope(principal, scopeOf(recipient, contract));
  return { recipient, contract };
}

const assertHoldsData = (r: Recipient) => {
  if (r.status === 'anonymised') {
    throw new DomainError(
      'RECIPIENT_ANONYMISED',
      409,
      '该服务对象档案已匿名化',
      '保存期满后档案已匿名化，个人信息已删除，不能再修改或查看。',
      { rule: 'R10.1' },
    );
  }
};

const assertActive = (r: Recipient) => {
  assertHoldsData(r);
  if (r.status === 'deletion_pending') {
    throw new DomainError(
      'RECIPIENT_DELETION_PENDING',
      409,
      '该服务对象档案已标记删除',
      `档案已标记删除，保存至 ${r.deletion?.retainUntil ?? ''} 后匿名化，期间不再修改。`,
      { rule: 'R10.1' },
    );
  }
};

/** The assessing worker is on the roster of the station's contract in force. */
async function checkAssessor(stationId: string, contract: Contract | undefined, a: Assessment | undefined) {
  if (!a) return;
  const worker = contract ? await getWorker(stationId, contract.id, a.assessedByWorkerId) : undefined;
  if (!worker) {
    throw new DomainError('ASSESSOR_NOT_ON_ROSTER', 422, '评估社工不在本站花名册中', undefined, {
      errors: [{ path: 'body.assessment.assessedByWorkerId', message: '须为本站现行合同花名册中的社工' }],
    });
  }
}

export interface NewRecipient extends Partial<Omit<RecipientPersonalData, 'name'>> {
  readonly name: string;
  readonly category: string;
  readonly birthDate?: IsoDate;
  readonly assessment?: Assessment;
  readonly consent?: Consent;
}

/** A file on the register as the refusals name it: 档案编号 …，2026年3月1日建档，在册. */
export const registerEntryText = (held: Recipient) =>
  `档案编号 ${held.id}，${zhDate(held.registeredOn)}建档，${RECIPIENT_STATUS_NAMES[held.status]}`;

const alreadyRegistered = (held: Recipient | undefined) =>
  new DomainError(
    'RECIPIENT_ALREADY_REGISTERED',
    409,
    '该服务对象已在本站建档',
    held
      ? `身份证号码相同的服务对象已在本站建档（${registerEntryText(held)}），同一人在一个站只建一份档案，否则服务人数会被重复计算；请在原档案上更新。`
      : '身份证号码相同的服务对象刚在本站建档，本次未作任何更改；请刷新登记册后查看。',
  );

/**
 * The operator running a station registers a person it serves (服务对象建档).
 * 1. Read the station and its contract in force: only that contract's operator registers (403 otherwise).
 * 2. Check the category and the needs areas against the policy in force, the ID number (GB 11643) and the birth
 *    date, and the consent (separate consent for sensitive data; the guardian's under 14).
 * 3. One file per person and station: with an ID number, the register's guard of the person (the keyed digest of
 *    the number, shared/adapters/crypto/person-digest.ts) must be free or name a file since anonymised (409
 *    RECIPIENT_ALREADY_REGISTERED otherwise); it is written in the file's transaction.
 * 4. Seal the name, ID number, phone and address; store the file with its audit record (masked) in one transaction
 *    (with `extra`: a bulk import's row marker).
 */
export async function registerRecipient(
  actor: Actor,
  stationId: string,
  input: NewRecipient,
  extra: readonly Write[] = [],
): Promise<Recipient> {
  const today = shanghaiDate(actor.now);
  const { station, contract } = await stationInScope(actor.principal, stationId, today);
  const lists = recipientLists((await policyOn(today)).version.parameters);
  const category = checkCategory(input.category, lists.categories);
  const birthDate = resolveBirthDate(input.idNumber, input.birthDate, today);
  const consent = checkConsent(input.consent, birthDate, today);
  const codes = lists.needsAreas.map((a) => a.code);
  const assessment = input.assessment ? checkAssessment(input.assessment, codes, today) : undefined;
  await checkAssessor(station.id, contract, assessment);
  const guard = input.idNumber
    ? keys.registerPerson(station.id, (await personDigest())(idNumberForDigest(input.idNumber)))
    : undefined;
  const holderId = guard ? await personHolder(guard) : undefined;
  const holder = holderId ? await getRecipient(holderId) : undefined;
  if (holder && holder.status !== 'anonymised') throw alreadyRegistered(holder);
  const id = ulid(actor.now.getTime());
  const at = actor.now.toISOString();
  const personal: RecipientPersonalData = {
    name: input.name,
    ...(input.idNumber ? { idNumber: input.idNumber } : {}),
    ...(input.phone ? { phone: input.phone } : {}),
    ...(input.address ? { address: input.address } : {}),
    ...(consent.guardian ? { guardianName: consent.guardian.name } : {}),
  };
  const recipient: Recipient = {
    id,
    stationId: station.id,
    districtCode: station.districtCode,
    streetCode: station.streetCode,
    status: 'active',
    category,
    ...(await sealRecipient(id, personal)),
    birthDate,
    ...(assessment ? { assessment } : {}),
    consent: maskedConsent(consent),
    registeredOn: today,
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
  await commitWithAudit(
    [
      createRecipientWrite(recipient),
      ...(guard ? [holdPersonWrite(guard, id, holderId, () => alreadyRegistered(undefined), actor.now)] : []),
      ...extra,
    ],
    [
      auditRecordOf(actor, {
        action: 'recipient.register',
        entity: { type: 'recipient', id },
        scope: auditScope(recipient),
        after: maskedRecipient(recipient),
      }),
    ],
  );
  return recipient;
}

/**
 * A station's register, masked, a page at a time, for the district, the street office and the station's operator;
 * with the policy's categories and needs areas in force today, so a reader names them and a form offers them.
 */
export async function listRecipients(
  principal: Principal,
  stationId: string,
  q: { limit: number; cursor?: string },
  now: Date,
): Promise<Page<MaskedRecipient> & { lists: ReturnType<typeof recipientLists> }> {
  const today = shanghaiDate(now);
  await stationInScope(principal, stationId, today);
  const [page, policy] = await Promise.all([queryRecipients(stationId, q.limit, q.cursor), policyOn(today)]);
  return {
    ...page,
    items: page.items.map(maskedRecipient),
    lists: recipientLists(policy.version.parameters),
  };
}

export async function readRecipient(principal: Principal, id: string, now: Date): Promise<MaskedRecipient> {
  return maskedRecipient((await recipientInScope(principal, id, shanghaiDate(now))).recipient);
}

export interface RecipientPatch extends Partial<Omit<RecipientPersonalData, 'name' | 'idNumber'>> {
  readonly version: number;
  readonly category?: string;
  readonly assessment?: Assessment;
  readonly consent?: Consent;
}

/**
 * The station's operator updates a file: a new assessment, a renewed consent, the category, a new phone or address
 * (sealed; the other sealed values are kept unopened). Conditional on the version read; the consent rules are
 * checked again on today's age (a child who turned 14 may now consent alone).
 */
export async function updateRecipient(actor: Actor, id: string, patch: RecipientPatch): Promise<Recipient> {
  const today = shanghaiDate(actor.now);
  const { recipient: before, contract } = await recipientInScope(actor.principal, id, today);
  if (before.version !== patch.version) throw versionConflict();
  assertActive(before);
  const lists = recipientLists((await policyOn(today)).version.parameters);
  const { version: _v, phone, address, ...changes } = patch;
  if (changes.category !== undefined) checkCategory(changes.category, lists.categories);
  if (changes.assessment) {
    checkAssessment(
      changes.assessment,
      lists.needsAreas.map((a) => a.code),
      today,
    );
    await checkAssessor(before.stationId, contract, changes.assessment);
  }
  const consent = checkConsent(changes.consent ?? before.consent, before.birthDate ?? today, today);
  const guardianName = changes.consent?.guardian?.name;
  const resealed =
    phone !== undefined || address !== undefined || guardianName !== undefined
      ? await sealRecipient(
          id,
          {
            ...(phone ? { phone } : {}),
            ...(address ? { address } : {}),
            ...(guardianName ? { guardianName } : {}),
          },
          before.sealed,
        )
      : {};
  const after: Recipient = {
    ...before,
    ...changes,
    consent: maskedConsent(consent),
    ...resealed,
    version: before.version + 1,
    updatedAt: actor.now.toISOString(),
  };
  await commitWithAudit(
    [updateRecipientWrite(before, after)],
    [
      auditRecordOf(actor, {
        action: 'recipient.update',
        entity: { type: 'recipient', id },
        scope: auditScope(before),
        before: maskedRecipient(before),
        after: maskedRecipient(after),
      }),
    ],
  );
  return after;
}

/**
 * The full name, ID number, phone and address, for the operator running the station's contract in force and the
 * district civil affairs bureau of the station's district (the purchaser, who supervises the service), each read
 * with a reason; the street office and everyone else see the file masked only. The read's audit record (the fields
 * read, never their values, and the reason) is committed with a check that the file is unchanged, before anything
 * is returned.
 */
export async function revealRecipient(
  actor: Actor,
  id: string,
): Promise<MaskedRecipient & RecipientPersonalData> {
  const today = shanghaiDate(actor.now);
  const { recipient, contract } = await recipientInScope(actor.principal, id, today);
  const p = actor.principal;
  const operator =
    p.roles.includes('operator') && contract !== undefined && p.org === contract.operator.orgId;
  const purchaser = p.roles.includes('district_civil_affairs') && p.district === recipient.districtCode;
  if (!operator && !purchaser) {
    logger.warn('access denied', { reason: 'recipient personal data', sub: p.sub, recipient: id });
    throw outOfScope();
  }
  assertHoldsData(recipient);
  const personal = await openRecipient(recipient);
  await commitWithAudit(
    [recipientUnchangedCheck(recipient)],
    [
      auditRecordOf(actor, {
        action: 'recipient.reveal-personal-data',
        entity: { type: 'recipient', id },
        scope: auditScope(recipient),
        after: { fields: PERSONAL_FIELDS.filter((f) => personal[f] !== undefined) },
      }),
    ],
  );
  return { ...maskedRecipient(recipient), ...personal };
}

/**
 * Marks a file for deletion (the person withdrew consent, or the service ended and the file is no longer needed):
 * it stops changing, and is kept to the end of its retention (R10.1: evaluation material, the policy's years after
 * the service period of the contract in force) and anonymised the day after by the retention job, which finds it in
 * byDue `DUE#RECIPIENT`. The operator running the station or the district may mark it.
 */
export async function markRecipientForDeletion(
  actor: Actor,
  id: string,
  input: { version: number; reason: string },
): Promise<Recipient> {
  const today = shanghaiDate(actor.now);
  const { recipient: before, contract } = await recipientInScope(actor.principal, id, today);
  if (before.version !== input.version) throw versionConflict();
  assertActive(before);
  const rule = (await policyOn(today)).version.parameters.retention;
  const retainUntil = recipientRetainUntil(today, contract?.servicePeriod.end, rule);
  const after: Recipient = {
    ...before,
    status: transitionRecipient(before.status, 'deletion_pending'),
    deletion: {
      requestedOn: today,
      reason: input.reason,
      retainUntil,
      anonymiseOn: anonymiseOnAfter(retainUntil),
    },
    version: before.version + 1,
    updatedAt: actor.now.toISOString(),
  };
  await commitWithAudit(
    [updateRecipientWrite(before, after)],
    [
      auditRecordOf(actor, {
        action: 'recipient.mark-deletion',
        entity: { type: 'recipient', id },
        scope: auditScope(before),
        before: { status: before.status },
        after: { status: after.status, deletion: after.deletion },
      }),
    ],
  );
  return after;
}

/**
 * One file marked for deletion whose retention ended by `today` (R10.1), anonymised: the personal data and its
 * sealed values removed, the fields that identify nobody kept for the statistics; one conditional write with its
 * `recipient.anonymise` audit record. The write takes the file out of the index, so a second run (or a redelivered
 * work message, issue 20) finds nothing to do.
 */
export async function anonymiseDueRecipient(id: string, today: IsoDate, now: Date): Promise<boolean> {
  const before = await getRecipient(id);
  if (before?.status !== 'deletion_pending') return false;
  if (!before.deletion || before.deletion.anonymiseOn > today) return false;
  const after = anonymised(before, today, now.toISOString());
  await commitWithAudit(
    [updateRecipientWrite(before, after)],
    [
      auditRecordOf(systemActor(now), {
        action: 'recipient.anonymise',
        entity: { type: 'recipient', id },
        scope: auditScope(before),
        before: { status: before.status },
        after: { status: after.status, anonymisedOn: today, kept: Object.keys(after).sort() },
      }),
    ],
  );
  return true;
}

/**
 * The retention job in line: every file marked for deletion whose retention ended by `today` (read through byDue
 * `DUE#RECIPIENT`, never a Scan), each on its own (`anonymiseDueRecipient`); one file's failure does not stop the
 * others. The daily job fans the same files out to a worker instead (`recipientRetentionFanOut`, issue 20).
 */
export async function runRecipientRetention(
  today: IsoDate,
  now: Date,
): Promise<{ examined: number; acted: number; failed: number }> {
  const { ids } = await dueRecipients(today);
  let acted = 0;
  let failed = 0;
  for (const id of ids) {
    try {
      if (await anonymiseDueRecipient(id, today, now)) acted += 1;
    } catch (error) {
      failed += 1;
      logger.error('recipient anonymisation failed', { recipient: id, error: (error as Error).name });
    }
  }
  return { examined: ids.length, acted, failed };
}

/** Issue 20: the recipient-retention job's fan-out: one file to anonymise per work message. */
export const recipientRetentionFanOut: FanOut = {
  jobId: 'recipient-retention',
  partitions: [
    byId(keys.recipientDuePartition(), (id, today, actor) => anonymiseDueRecipient(id, today, actor.now)),
  ],
};
