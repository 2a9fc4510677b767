import { ulid } from 'ulid';
import { dependentWrites } from '#shared/adapters/dynamodb/calendar.repository';
import { getComplaint } from '#shared/adapters/dynamodb/complaints.repository';
import { activeContractOf } from '#shared/adapters/dynamodb/contracts.repository';
import { listDivisions } from '#shared/adapters/dynamodb/divisions.repository';
import { getEvaluation } from '#shared/adapters/dynamodb/evaluations.repository';
import { type Page, pageAcrossPartitions } from '#shared/adapters/dynamodb/pagination';
import { listRecords } from '#shared/adapters/dynamodb/records.repository';
import {
  createRectificationWrite,
  dueRectifications,
  getRectification,
  queryRectifications,
  rectificationKeys,
  updateRectificationWrite,
} from '#shared/adapters/dynamodb/rectification.repository';
import { getStation } from '#shared/adapters/dynamodb/stations.repository';
import { auditRecordOf, commitWithAudit } from '#shared/adapters/dynamodb/unit-of-work';
import { now as clockNow } from '#shared/clock';
import { isCityWide, type Principal } from '#shared/domain/access/roles';
import type { Actor } from '#shared/domain/audit/audit-record';
import { type IsoDate, shanghaiDate } from '#shared/domain/calendar/dates';
import { DomainError, notFound, outOfScope, versionConflict } from '#shared/domain/errors';
import { GRADE_NAMES } from '#shared/domain/evaluation/scoring';
import { nonWorkingDueDateRule } from '#shared/domain/policy/policy';
import {
  type ActedBy,
  actsAs,
  assertOwnerAllowed,
  DEFAULT_RECTIFICATION_WORKING_DAYS,
  decideRectificationSteps,
  type OwnerKind,
  RAISER_ROLE,
  RECTIFICATION_SOURCE_NAMES,
  type Rectification,
  type RectificationOwner,
  type RectificationRaiser,
  type RectificationSourceType,
  type RectificationStatus,
  type RectificationStep,
  rectificationDeadline,
  rectificationScope,
  rectificationStepAudience,
  withEvidence,
  withRectificationState,
  withVerification,
} from '#shared/domain/rectification/rectification';
import { type Party, partiesOf } from '#shared/domain/reports/report-slot';
import type { Station } from '#shared/domain/stations/station';
import { logger } from '#shared/http/logger';
import { assertInScope } from '../access';
import { loadWorkingCalendar } from '../calendar/calendar.use-case';
import type { SafetyCheck } from '../contracts/records.use-case';
import { deliverNotices } from '../notify/deliveries.use-case';
import { policyOn } from '../policy/policies.use-case';
import type { Inspection } from '../reports/inspections.use-case';
import { type Notice, notificationWrites, notify } from '../reports/notifications.use-case';

const audit = (r: Rectification) => ({
  entity: { type: 'rectification', id: r.id },
  scope: { district: r.districtCode, ...(r.streetCode ? { street: r.streetCode } : {}) },
});
const actedBy = (actor: Actor): ActedBy => ({
  sub: actor.principal.sub,
  username: actor.principal.username,
});

const PARTY_NAMES: Readonly<Record<string, string>> = {
  city_civil_affairs: '市民政局',
  district_civil_affairs: '区县民政部门',
  street_office: '街道办事处',
  operator: '承接方',
};

type RectificationNoticeType =
  | 'rectification.raised'
  | 'rectification.submitted'
  | 'rectification.verified'
  | 'rectification.rejected'
  | 'rectification.deadline';

/** A notice about an item (reminders and overdue notices are both `rectification.deadline`, as for complaints). */
const noticeOf = (type: RectificationNoticeType, r: Rectification, title: string, body: string): Notice => ({
  type,
  title: `${title}${r.subjectName}`,
  body,
  subject: { type: 'rectification', id: r.id },
});

/** A refusal that is not about scope (the caller reaches the item but is not the party the rule names), logged. */
function refused(principal: Principal, code: string, title: string): DomainError {
  logger.warn('access denied', { reason: code, sub: principal.sub, roles: principal.roles });
  return new DomainError(
    code,
    403,
    title,
    '整改的每一步由规定的一方办理：提出方提出和核验，责任方提交整改材料；这一步不由您这一方办理。',
    { rule: 'B4' },
  );
}

const invalid = (code: string, title: string, path: string, message: string) =>
  new DomainError(code, 422, title, undefined, { rule: 'B4', errors: [{ path, message }] });

export interface NewRectification {
  readonly source: { readonly type: RectificationSourceType; readonly id: string };
  /** The station concerned: required for a safety check, optional for an inspection, implied otherwise. */
  readonly stationId?: string;
  /** The inspected district: required for an inspection that names no station. */
  readonly districtCode?: string;
  /** The finding in the raiser's words; by default taken from the source. */
  readonly finding?: string;
  readonly requirement: string;
  /** Who must rectify; by default the operator of the station's active contract, else the street office. */
  readonly owner?: OwnerKind;
  /** The period in working days; by default DEFAULT_RECTIFICATION_WORKING_DAYS. */
  readonly workingDays?: number;
}

/** What the source says: where the finding belongs and what it was. */
interface Finding {
  readonly districtCode: string;
  readonly station?: Station;
  readonly finding: string;
}

async function stationOf(id: string): Promise<Station> {
  const station = await getStation(id);
  if (!station) throw notFound('社工站');
  return station;
}

/** The raiser of a source found in `scope`: the caller, when it reaches the scope and holds the raising role. */
function raiserOf(
  principal: Principal,
  type: RectificationSourceType,
  scope: { district: string; street?: string },
): RectificationRaiser {
  assertInScope(principal, scope);
  const role = RAISER_ROLE[type];
  const notRaiser = () =>
    refused(
      principal,
      'NOT_RECTIFICATION_RAISER',
      `只有${PARTY_NAMES[role]}可以根据${RECTIFICATION_SOURCE_NAMES[type]}提出整改`,
    );
  if (!principal.roles.includes(role)) throw notRaiser();
  if (role === 'city_civil_affairs') return { role };
  if (role === 'street_office') {
    if (!scope.street || principal.street !== scope.street) throw notRaiser();
    return { role, street: scope.street };
  }
  if (principal.district !== scope.district) throw notRaiser();
  return { role, district: scope.district };
}

/**
 * Finds the source, checks the caller raises findings of that kind in its scope, and that the source holds a
 * finding: a failed safety check, a final evaluation (any grade), an upheld closed complaint, an inspection.
 */
async function findingOf(
  principal: Principal,
  input: NewRectification,
): Promise<Finding & { raiser: RectificationRaiser }> {
  const { type, id } = input.source;
  switch (type) {
    case 'safety_check': {
      if (!input.stationId)
        throw invalid('STATION_REQUIRED', '请指定社工站', 'body.stationId', '安全检查整改须指定社工站');
      const station = await stationOf(input.stationId);
      const raiser = raiserOf(principal, type, {
        district: station.districtCode,
        street: station.streetCode,
      });
      const checks = await listRecords<SafetyCheck>(`STATION#${station.id}`, 'safety-check');
      const check = checks.find((c) => c.id === id);
      if (!check) throw notFound('安全检查记录');
      if (check.passed) {
        throw new DomainError(
          'SAFETY_CHECK_PASSED',
          422,
          '该次安全检查全部合格，无需整改',
          '只有存在不合格项的安全检查才需要整改。',
          {
            rule: 'B4',
          },
        );
      }
      const failed = check.items
        .filter((i) => !i.ok)
        .map((i) => (i.note ? `${i.item}（${i.note}）` : i.item))
        .join('；');
      return {
        raiser,
        districtCode: station.districtCode,
        station,
        finding: `${check.checkedOn} 安全检查不合格项：${failed}${check.findings ? `。${check.findings}` : ''}`,
      };
    }
    case 'inspection': {
      const station = input.stationId ? await stationOf(input.stationId) : undefined;
      const districtCode = input.districtCode ?? station?.districtCode;
      if (!districtCode)
        throw invalid(
          'DISTRICT_REQUIRED',
          '请指定区县',
          'body.districtCode',
          '督导检查整改须指定区县或社工站',
        );
      if (station && station.districtCode !== districtCode)
        throw invalid('STATION_NOT_IN_DISTRICT', '社工站不在该区县', 'body.stationId', '社工站不在所填区县');
      const raiser = raiserOf(principal, type, { district: districtCode });
      const inspections = await listRecords<Inspection>(`DISTRICT#${districtCode}`, 'inspection');
      const inspection = inspections.find((i) => i.id === id);
      if (!inspection) throw notFound('督导检查记录');
      if (station && inspection.stationIds.length > 0 && !inspection.stationIds.includes(station.id))
        throw invalid('STATION_NOT_INSPECTED', '该次检查未涉及此社工站', 'body.stationId', '不在检查范围内');
      return {
        raiser,
        districtCode,
        ...(station ? { station } : {}),
        finding: `${inspection.inspectedOn} 督导检查发现：${inspection.findings}`,
      };
    }
    case 'evaluation': {
      const evaluation = await getEvaluation(id);
      if (!evaluation) throw notFound('评估');
      const raiser = raiserOf(principal, type, { district: evaluation.districtCode });
      if (evaluation.status !== 'final' || !evaluation.result) {
        throw new DomainError(
          'EVALUATION_NOT_FINAL',
          409,
          '评估结果尚未最终确定',
          '评估结果生效后才能据此提出整改。',
          {
            rule: 'B4',
          },
        );
      }
      const y = evaluation.serviceYear;
      return {
        raiser,
        districtCode: evaluation.districtCode,
        station: await stationOf(evaluation.stationId),
        finding: `第 ${y.n} 服务年度（${y.start} 至 ${y.end}）运营评估结果：${GRADE_NAMES[evaluation.result.grade]}（${evaluation.result.total} 分）`,
      };
    }
    case 'complaint': {
      const complaint = await getComplaint(id);
      if (!complaint) throw notFound('投诉');
      const raiser = raiserOf(principal, type, { district: complaint.districtCode });
      if (complaint.status !== 'closed') {
        throw new DomainError('COMPLAINT_NOT_CLOSED', 409, '投诉尚未办结', '投诉办结后才能据此提出整改。', {
          rule: 'B4',
        });
      }
      if (complaint.upheld !== true) {
        throw new DomainError(
          'COMPLAINT_NOT_UPHELD',
          422,
          '该投诉经核实不属实，无需整改',
          '只有经核实属实的投诉才需要整改。',
          {
            rule: 'B4',
          },
        );
      }
      return {
        raiser,
        districtCode: complaint.districtCode,
        station: await stationOf(complaint.stationId),
        finding: `投诉（${complaint.receivedOn} 收到）经核实属实：${complaint.content.slice(0, 500)}`,
      };
    }
  }
}

/**
 * B4: the party that made a finding raises a rectification item from it.
 * 1. Find the source and check the caller is its raiser in scope (the city for inspections, the station's street
 *    office for safety checks, the district for final evaluations and upheld complaints), and that it holds a
 *    finding (a passed safety check does not).
 * 2. Settle the owner: as asked (never a party above the raiser), by default the operator of the station's
 *    active contract, else the street office (the district for a district-level inspection finding).
 * 3. The deadline: N working days from today on the holiday calendar (B5), with the reminder and overdue steps.
 * 4. Create the item (conditional on a new id), its audit record and the owner's notice in one transaction.
 */
export async function raiseRectification(actor: Actor, input: NewRectification): Promise<Rectification> {
  const found = await findingOf(actor.principal, input);
  if (input.stationId && found.station && input.stationId !== found.station.id)
    throw invalid('STATION_MISMATCH', '社工站与来源不符', 'body.stationId', '来源记录不属于该社工站');
  if (input.districtCode && input.districtCode !== found.districtCode)
    throw invalid('DISTRICT_MISMATCH', '区县与来源不符', 'body.districtCode', '来源记录不属于该区县');
  const { station, raiser } = found;
  const contract = station ? await activeContractOf(station.id, shanghaiDate(actor.now)) : undefined;
  const kind: OwnerKind = input.owner ?? (contract ? 'operator' : station ? 'street_office' : 'district');
  assertOwnerAllowed(raiser, kind);
  let owner: RectificationOwner;
  if (kind === 'operator') {
    if (!contract)
      throw invalid('NO_ACTIVE_CONTRACT', '该社工站没有生效的服务合同', 'body.owner', '无承接方可指定');
    owner = { role: 'operator', org: contract.operator.orgId };
  } else if (kind === 'street_office') {
    if (!station)
      throw invalid('STATION_REQUIRED', '请指定社工站', 'body.stationId', '指定街道须先指定社工站');
    owner = { role: 'street_office', street: station.streetCode };
  } else owner = { role: 'district_civil_affairs', district: found.districtCode };

  const subjectName =
    station?.standardName ??
    (await listDivisions()).find((d) => d.code === found.districtCode)?.name ??
    found.districtCode;
  const raisedOn = shanghaiDate(actor.now);
  const workingDays = input.workingDays ?? DEFAULT_RECTIFICATION_WORKING_DAYS;
  const [policy, calendar] = await Promise.all([policyOn(raisedOn), loadWorkingCalendar()]);
  const at = actor.now.toISOString();
  const item: Rectification = withRectificationState(
    {
      id: ulid(actor.now.getTime()),
      source: { type: input.source.type, id: input.source.id },
      districtCode: found.districtCode,
      ...(station ? { streetCode: station.streetCode, stationId: station.id } : {}),
      subjectName,
      ...(contract ? { contractId: contract.id } : {}),
      finding: input.finding ?? found.finding,
      requirement: input.requirement,
      owner,
      raisedBy: raiser,
      raisedOn,
      workingDays,
      ...rectificationDeadline(
        raisedOn,
        workingDays,
        calendar,
        nonWorkingDueDateRule(policy.version.parameters),
      ),
      status: 'open',
      overdue: false,
      evidence: [],
      rejections: [],
      version: 1,
      createdAt: at,
      createdBy: actedBy(actor),
      updatedAt: at,
    },
    raisedOn,
  );
  const notes = notify(
    [owner],
    noticeOf(
      'rectification.raised',
      item,
      '【整改通知】',
      `${PARTY_NAMES[raiser.role]}根据${RECTIFICATION_SOURCE_NAMES[item.source.type]}提出整改：${item.finding.slice(0, 300)}。整改要求：${item.requirement.slice(0, 300)}。请于 ${item.deadline} 前完成整改并提交整改材料。`,
    ),
    actor.now,
  );
  await commitWithAudit(
    [
      createRectificationWrite(item),
      // Issue 18: found again through the calendar years its deadline depends on when one is loaded or corrected.
      ...dependentWrites(`rectification#${item.id}`, item.calendarYears ?? []),
      ...notificationWrites(notes),
    ],
    [auditRecordOf(actor, { action: 'rectification.raise', ...audit(item), after: item })],
  );
  await deliverNotices(notes, actor.now);
  return item;
}

export interface RectificationListQuery {
  readonly district?: string;
  readonly status?: RectificationStatus;
  /** Only the items the caller must rectify (its owner partition). */
  readonly owned?: boolean;
  readonly limit: number;
  readonly cursor?: string;
}

/**
 * Items in scope, oldest first: the city any district's (all by default); the district bureau its district's;
 * the street office its street's (those it owns, raised, or that concern its station); the operator those it
 * owns. `owned` narrows a list to the caller's own to-do list. Asking for another district is refused.
 */
export async function listRectifications(
  principal: Principal,
  q: RectificationListQuery,
): Promise<Page<Rectification>> {
  const page = await rectificationPage(principal, q);
  // Issue 18: overdue and nextActionOn as of today, by the rule the writes store them with.
  const today = shanghaiDate(clockNow());
  return { ...page, items: page.items.map((r) => withRectificationState(r, today)) };
}

async function rectificationPage(
  principal: Principal,
  q: RectificationListQuery,
): Promise<Page<Rectification>> {
  const status = q.status ? { status: q.status } : {};
  const ofOwner = (owner: RectificationOwner) =>
    pageAcrossPartitions(
      [rectificationKeys.ownerPartition(owner)],
      q.limit,
      q.cursor,
      (partition, start, limit) =>
        queryRectifications({ owner: partition, ...status, limit, ...(start ? { start } : {}) }),
    );
  let districts: string[];
  let street: string | undefined;
  if (principal.roles.includes('operator')) {
    if (!principal.org || q.district) throw outOfScope();
    return ofOwner({ role: 'operator', org: principal.org });
  }
  if (isCityWide(principal)) {
    if (q.owned) return { items: [] };
    districts = q.district ? [q.district] : (await listDivisions()).map((d) => d.code);
  } else if (principal.roles.includes('street_office')) {
    if (!principal.street || (q.district && q.district !== principal.street.slice(0, 6))) throw outOfScope();
    if (q.owned) return ofOwner({ role: 'street_office', street: principal.street });
    districts = [principal.street.slice(0, 6)];
    street = principal.street;
  } else {
    if (!principal.district || (q.district && q.district !== principal.district)) throw outOfScope();
    if (q.owned) return ofOwner({ role: 'district_civil_affairs', district: principal.district });
    districts = [principal.district];
  }
  return pageAcrossPartitions(districts, q.limit, q.cursor, (district, start, limit) =>
    queryRectifications({
      district,
      ...(street ? { street } : {}),
      ...status,
      limit,
      ...(start ? { start } : {}),
    }),
  );
}

/** One item: 404 when it does not exist, 403 outside the caller's scope (an operator reads only its own). */
export async function readRectification(principal: Principal, id: string): Promise<Rectification> {
  const item = await getRectification(id);
  if (!item) throw notFound('整改事项');
  assertInScope(principal, rectificationScope(item));
  // Issue 18: overdue and nextActionOn as of today, by the rule the writes store them with.
  return withRectificationState(item, shanghaiDate(clockNow()));
}

/**
 * Reads the item for a change by `party` of it, refuses a stale version, applies `change`, and saves it with its
 * audit record and the notices in one transaction, conditional on the version read.
 */
async function changeBy(
  actor: Actor,
  id: string,
  version: number,
  who: { party: (r: Rectification) => Party; code: string; title: string },
  action: string,
  change: (r: Rectification) => Rectification,
  notice: (r: Rectification) => { to: Party[]; notice: Notice },
): Promise<Rectification> {
  const before = await readRectification(actor.principal, id);
  if (!actsAs(partiesOf(actor.principal), who.party(before)))
    throw refused(actor.principal, who.code, who.title);
  if (before.version !== version) throw versionConflict();
  const after = withRectificationState(
    { ...change(before), version: before.version + 1 },
    shanghaiDate(actor.now),
  );
  const n = notice(after);
  const notes = notify(n.to, n.notice, actor.now);
  await commitWithAudit(
    [updateRectificationWrite(before, after), ...notificationWrites(notes)],
    [auditRecordOf(actor, { action, ...audit(before), before, after })],
  );
  await deliverNotices(notes, actor.now);
  return after;
}

const OWNER = {
  party: (r: Rectification) => r.owner,
  code: 'NOT_RECTIFICATION_OWNER',
  title: '只有整改责任方可以提交整改材料',
};
const RAISER = {
  party: (r: Rectification) => r.raisedBy,
  code: 'NOT_RECTIFICATION_RAISER',
  title: '只有提出整改的一方可以验收',
};

/** B4: the owner submits evidence (a note and optionally a file key); the raiser is asked to verify it. */
export const submitEvidence = (
  actor: Actor,
  id: string,
  input: { version: number; note: string; key?: string },
) =>
  changeBy(
    actor,
    id,
    input.version,
    OWNER,
    'rectification.submit-evidence',
    (r) =>
      withEvidence(r, {
        note: input.note,
        ...(input.key ? { key: input.key } : {}),
        submittedAt: actor.now.toISOString(),
        submittedBy: actedBy(actor),
      }),
    (r) => ({
      to: [r.raisedBy],
      notice: noticeOf(
        'rectification.submitted',
        r,
        '【整改材料待验收】',
        `整改责任方已提交整改材料，请验收：${input.note.slice(0, 300)}`,
      ),
    }),
  );

/**
 * B4: the raiser verifies the evidence (the item is closed) or rejects it with the reason (the item reopens and
 * its steps run on; past the deadline it is overdue at the next run of the job).
 */
export const verifyRectification = (
  actor: Actor,
  id: string,
  input: { version: number; accepted: boolean; comment: string },
) =>
  changeBy(
    actor,
    id,
    input.version,
    RAISER,
    input.accepted ? 'rectification.verify' : 'rectification.reject',
    (r) =>
      withVerification(r, {
        accepted: input.accepted,
        comment: input.comment,
        at: actor.now.toISOString(),
        by: actedBy(actor),
      }),
    (r) => ({
      to: [r.owner],
      notice: input.accepted
        ? noticeOf(
            'rectification.verified',
            r,
            '【整改已验收】',
            `整改已验收通过：${input.comment.slice(0, 300)}`,
          )
        : noticeOf(
            'rectification.rejected',
            r,
            '【整改未通过验收】',
            `整改材料未通过验收，请继续整改并于 ${r.deadline} 前重新提交：${input.comment.slice(0, 300)}`,
          ),
    }),
  );

function stepNotice(r: Rectification, step: RectificationStep['id']): Notice {
  return step === 'reminder'
    ? noticeOf(
        'rectification.deadline',
        r,
        '【整改提醒】',
        `整改事项应于 ${r.deadline} 前完成：${r.requirement.slice(0, 300)}`,
      )
    : noticeOf(
        'rectification.deadline',
        r,
        '【整改逾期】',
        `${PARTY_NAMES[r.owner.role]}的整改事项应于 ${r.deadline} 前完成，已逾期：${r.requirement.slice(0, 300)}`,
      );
}

/**
 * One rectification item's due steps on `today` (B4), saved with their notices in one conditional write: a second
 * run (or a redelivered work message, issue 20) finds them done and changes nothing. `true` when it told someone.
 */
export async function runRectificationSteps(id: string, today: IsoDate, actor: Actor): Promise<boolean> {
  const r = await getRectification(id);
  if (!r) return false;
  const decisions = decideRectificationSteps(r, today);
  if (decisions.size === 0) return false;
  const after = withRectificationState(
    {
      ...r,
      steps: r.steps.map((s) => (decisions.has(s.id) ? { ...s, done: decisions.get(s.id) } : s)),
      version: r.version + 1,
      updatedAt: actor.now.toISOString(),
    },
    today,
  );
  const notes = [...decisions]
    .filter(([, d]) => d === 'acted')
    .flatMap(([step]) => notify(rectificationStepAudience(r, step), stepNotice(r, step), actor.now));
  await commitWithAudit(
    [updateRectificationWrite(r, after), ...notificationWrites(notes)],
    [
      auditRecordOf(actor, {
        action: 'rectification.deadline-steps',
        ...audit(r),
        after: Object.fromEntries(decisions),
      }),
    ],
  );
  await deliverNotices(notes, actor.now);
  return notes.length > 0;
}

/**
 * B4 rectification deadlines (daily, with the complaint deadlines): reads through byDue only the open items with
 * a step due; reminds the owner 3 working days before the deadline; the day after it marks the item overdue and
 * tells the owner and the raiser, escalating to the city when the district owns the item. Each step acts once
 * (it is marked done in the same conditional write that stores its notices); one item's failure does not stop
 * the others.
 */
export async function runRectificationDeadlines(today: IsoDate, actor: Actor) {
  const { ids, read } = await dueRectifications(today);
  let acted = 0;
  let failed = 0;
  for (const id of ids) {
    try {
      if (await runRectificationSteps(id, today, actor)) acted += 1;
    } catch (error) {
      failed += 1;
      logger.error('rectification deadline step failed', { rectification: id, error: error as Error });
    }
  }
  return { examined: read, acted, failed };
}
