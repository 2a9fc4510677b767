import { ulid } from 'ulid';
import { dependentWrites } from '#shared/adapters/dynamodb/calendar.repository';
import {
  complaintByTracking,
  complaintsOfDistrict,
  createComplaintWrites,
  dueComplaints,
  getComplaint,
  openFiler,
  sealFiler,
  updateComplaintWrite,
} from '#shared/adapters/dynamodb/complaints.repository';
import { activeContractOf } from '#shared/adapters/dynamodb/contracts.repository';
import { getStation } from '#shared/adapters/dynamodb/stations.repository';
import { auditRecordOf, commitWithAudit } from '#shared/adapters/dynamodb/unit-of-work';
import { presignUpload } from '#shared/adapters/s3/presign';
import { now as clockNow } from '#shared/clock';
import type { Principal } from '#shared/domain/access/roles';
import type { Actor } from '#shared/domain/audit/audit-record';
import { type IsoDate, shanghaiDate } from '#shared/domain/calendar/dates';
import {
  assertOpen,
  type Complaint,
  complaintDeadlines,
  complaintScope,
  decideComplaintSteps,
  hashTrackingCode,
  maskedComplaint,
  newTrackingCode,
  publicView,
  transitionComplaint,
  withComplaintState,
} from '#shared/domain/complaints/complaint';
import { DomainError, notFound, outOfScope, versionConflict } from '#shared/domain/errors';
import { nonWorkingDueDateRule } from '#shared/domain/policy/policy';
import type { Party } from '#shared/domain/reports/report-slot';
import { logger } from '#shared/http/logger';
import { assertInScope, readableDistricts } from '../access';
import { loadWorkingCalendar } from '../calendar/calendar.use-case';
import { deliverNotices } from '../notify/deliveries.use-case';
import { policyOn } from '../policy/policies.use-case';
import { type Notice, notificationWrites, notify } from '../reports/notifications.use-case';

const audit = (c: Complaint) => ({
  entity: { type: 'complaint', id: c.id },
  scope: { district: c.districtCode, street: c.streetCode },
});
/** What audit records keep of a complaint: never the filer's name or contact. */
const audited = (c: Complaint) => maskedComplaint(c);
const subject = (c: Complaint) => ({ type: 'complaint' as const, id: c.id });
const district = (c: Complaint): Party => ({ role: 'district_civil_affairs', district: c.districtCode });

export interface NewComplaint {
  readonly stationId: string;
  readonly content: string;
  readonly name?: string;
  readonly contact?: string;
  readonly attachment?: {
    readonly contentType: 'application/pdf' | 'image/jpeg' | 'image/png';
    readonly bytes: number;
  };
}

const ATTACHMENT_EXT = { 'application/pdf': 'pdf', 'image/jpeg': 'jpg', 'image/png': 'png' } as const;

/**
 * R15.1: anyone files a complaint about a station. It goes to the station's district civil affairs bureau with its
 * deadlines in working days; the filer receives a tracking code (shown once) and, when asked, a presigned upload
 * for one attachment.
 */
export async function fileComplaint(now: Date, input: NewComplaint) {
  const station = await getStation(input.stationId);
  if (!station || station.status === 'closed') throw notFound('社工站');
  const receivedOn = shanghaiDate(now);
  const [policy, calendar, contract] = await Promise.all([
    policyOn(receivedOn),
    loadWorkingCalendar(),
    activeContractOf(station.id, receivedOn),
  ]);
  const code = newTrackingCode();
  const id = ulid(now.getTime());
  const attachmentKey = input.attachment
    ? `complaints/${id}/${ulid(now.getTime())}.${ATTACHMENT_EXT[input.attachment.contentType]}`
    : undefined;
  const complaint: Complaint = withComplaintState(
    {
      id,
      stationId: station.id,
      stationName: station.standardName,
      districtCode: station.districtCode,
      streetCode: station.streetCode,
      ...(contract ? { operatorOrg: contract.operator.orgId } : {}),
      content: input.content,
      // The filer's name and contact are sealed before anything is stored (PIPL); audit records never hold them.
      ...(input.name || input.contact
        ? {
            filer: await sealFiler(id, {
              ...(input.name ? { name: input.name } : {}),
              ...(input.contact ? { contact: input.contact } : {}),
            }),
          }
        : {}),
      ...(attachmentKey ? { attachmentKey } : {}),
      trackingHash: hashTrackingCode(code),
      receivedAt: now.toISOString(),
      receivedOn,
      ...complaintDeadlines(
        receivedOn,
        policy.version.parameters.complaints,
        calendar,
        nonWorkingDueDateRule(policy.version.parameters),
      ),
      status: 'received',
      statements: [],
      version: 1,
    },
    receivedOn,
  );
  const notes = notify(
    [district(complaint)],
    {
      type: 'complaint.received',
      title: `【投诉】${station.standardName}`,
      body: `收到关于${station.standardName}的投诉，请于 ${complaint.acknowledgeBy} 前受理、${complaint.resolveBy} 前办结：${input.content.slice(0, 200)}`,
      subject: subject(complaint),
    },
    now,
  );
  await commitWithAudit(
    [
      ...createComplaintWrites(complaint),
      // Issue 18: found again through the calendar years its deadlines depend on when one is loaded or corrected.
      ...dependentWrites(`complaint#${complaint.id}`, complaint.calendarYears ?? []),
      ...notificationWrites(notes),
    ],
    [
      auditRecordOf(
        { principal: { sub: 'public', username: 'public', roles: [] }, now },
        { action: 'complaint.file', ...audit(complaint), after: audited(complaint) },
      ),
    ],
  );
  // The notice-delivery job sends it within a minute, as every function's notices; the inbox has it now.
  await deliverNotices(notes, now);
  logger.debug('complaint filed', { complaint: id, filerSealed: Boolean(complaint.filer) });
  const upload =
    attachmentKey && input.attachment
      ? {
          key: attachmentKey,
          method: 'PUT' as const,
          url: await presignUpload(attachmentKey, input.attachment.contentType, input.attachment.bytes, 300),
          headers: { 'content-type': input.attachment.contentType },
        }
      : undefined;
  return {
    trackingCode: code,
    receivedOn,
    acknowledgeBy: complaint.acknowledgeBy,
    resolveBy: complaint.resolveBy,
    provisional: complaint.provisional,
    ...(upload ? { attachmentUpload: upload } : {}),
  };
}

/** The filer reads the state and the reply with the tracking code; an unknown code is simply not found. */
export async function trackComplaint(code: string) {
  const complaint = await complaintByTracking(hashTrackingCode(code));
  if (!complaint) throw notFound('投诉');
  return publicView(complaint);
}

/** The district's complaints (the city reads every district's), newest first, the filer masked. */
export async function listComplaints(principal: Principal, q: { district?: string }) {
  const districts = await readableDistricts(principal, q.district);
  // Issue 18: overdue and nextActionOn as of today, by the rule the writes store them with.
  const today = shanghaiDate(clockNow());
  return (await Promise.all(districts.map(complaintsOfDistrict)))
    .flat()
    .map((c) => maskedComplaint(withComplaintState(c, today)));
}

/**
 * One complaint. The district handling it sees the filer's name and contact (R15.1: to answer them): they are
 * opened for that read only, and the read is an audit record of its own (who read which complaint's filer details,
 * when; never the details), committed before they are returned. The city sees the complaint masked; the operator
 * and the street office asked for a statement see it masked too.
 *
 * `caller` is the actor of the request (its id goes into the audit record) or, from older callers, its principal.
 */
export async function readComplaint(caller: Actor | Principal, id: string) {
  const actor: Actor = 'principal' in caller ? caller : { principal: caller, now: clockNow() };
  const principal = actor.principal;
  const stored = await getComplaint(id);
  if (!stored) throw notFound('投诉');
  const complaint = withComplaintState(stored, shanghaiDate(actor.now));
  const handling =
    principal.roles.includes('district_civil_affairs') && principal.district === complaint.districtCode;
  const asked =
    (principal.roles.includes('operator') &&
      principal.org === complaint.operatorOrg &&
      complaint.statements.some((s) => s.from === 'operator')) ||
    (principal.roles.includes('street_office') &&
      principal.street === complaint.streetCode &&
      complaint.statements.some((s) => s.from === 'street_office'));
  if (!handling && !asked) assertInScope(principal, complaintScope(complaint));
  if (handling && complaint.filer) {
    const filer = await openFiler(complaint);
    await commitWithAudit(
      [],
      [
        auditRecordOf(actor, {
          action: 'complaint.reveal-personal-data',
          ...audit(complaint),
          after: { fields: Object.keys(filer ?? {}) },
        }),
      ],
    );
    const { trackingHash: _t, ...shown } = complaint;
    return { ...shown, ...(filer ? { filer } : {}) };
  }
  if (handling) {
    const { trackingHash: _t, ...shown } = complaint;
    return shown;
  }
  return maskedComplaint(complaint);
}

async function change(
  actor: Actor,
  id: string,
  version: number,
  action: string,
  apply: (c: Complaint) => Complaint,
  notice?: (c: Complaint) => { to: Party[]; notice: Notice },
) {
  const before = await getComplaint(id);
  if (!before) throw notFound('投诉');
  assertInScope(actor.principal, complaintScope(before));
  if (before.version !== version) throw versionConflict();
  const after = withComplaintState(
    { ...apply(before), version: before.version + 1 },
    shanghaiDate(actor.now),
  );
  const n = notice?.(after);
  const notes = n ? notify(n.to, n.notice, actor.now) : [];
  await commitWithAudit(
    [updateComplaintWrite(before, after), ...notificationWrites(notes)],
    [auditRecordOf(actor, { action, ...audit(before), before: audited(before), after: audited(after) })],
  );
  await deliverNotices(notes, actor.now);
  // The filer's details stay sealed: the district reads them with GET /complaints/{id}, which records the read.
  return maskedComplaint(after);
}

export const acknowledgeComplaint = (actor: Actor, id: string, version: number) =>
  change(actor, id, version, 'complaint.acknowledge', (c) => ({
    ...c,
    status: transitionComplaint(c.status, 'acknowledged'),
    acknowledgedAt: actor.now.toISOString(),
  }));

/** The district asks the station's operator or its street office for a statement. */
export const requestStatement = (
  actor: Actor,
  id: string,
  input: { version: number; from: 'operator' | 'street_office'; question: string },
) =>
  change(
    actor,
    id,
    input.version,
    'complaint.request-statement',
    (c) => {
      assertOpen(c);
      if (c.status !== 'acknowledged') {
        throw new DomainError(
          'COMPLAINT_NOT_ACKNOWLEDGED',
          409,
          '请先受理投诉',
          '投诉受理后才能要求承接方或街道办事处作出说明；请先受理这件投诉。',
          {
            rule: 'R15.1',
          },
        );
      }
      if (input.from === 'operator' && !c.operatorOrg) {
        throw new DomainError(
          'NO_OPERATOR',
          409,
          '该社工站投诉时没有承接方',
          '投诉提交时该社工站没有生效中的承接方合同，无法要求承接方说明；请改向街道办事处要求说明。',
        );
      }
      const request = {
        id: ulid(actor.now.getTime()),
        from: input.from,
        question: input.question,
        requestedAt: actor.now.toISOString(),
      };
      return { ...c, statements: [...c.statements, request] };
    },
    (c) => ({
      to: [
        input.from === 'operator'
          ? { role: 'operator', org: c.operatorOrg as string }
          : { role: 'street_office', street: c.streetCode },
      ],
      notice: {
        type: 'complaint.statement',
        title: `【投诉情况说明】${c.stationName}`,
        body: `区县民政部门请就投诉作出说明：${input.question}`,
        subject: subject(c),
      },
    }),
  );

/** The operator or street office asked answers its request. */
export async function answerStatement(
  actor: Actor,
  id: string,
  input: { requestId: string; answer: string },
) {
  const before = await getComplaint(id);
  if (!before) throw notFound('投诉');
  const request = before.statements.find((s) => s.id === input.requestId);
  const p = actor.principal;
  const mine =
    request &&
    ((request.from === 'operator' && p.roles.includes('operator') && p.org === before.operatorOrg) ||
      (request.from === 'street_office' &&
        p.roles.includes('street_office') &&
        p.street === before.streetCode));
  if (!mine) throw outOfScope();
  assertOpen(before);
  if (request?.answer)
    throw new DomainError('STATEMENT_ANSWERED', 409, '已作出说明', '这项说明要求已经答复，不能再次答复。');
  const after = withComplaintState(
    {
      ...before,
      statements: before.statements.map((s) =>
        s.id === input.requestId
          ? { ...s, answer: input.answer, answeredAt: actor.now.toISOString(), answeredBy: p.username }
          : s,
      ),
      version: before.version + 1,
    },
    shanghaiDate(actor.now),
  );
  const notes = notify(
    [district(before)],
    {
      type: 'complaint.statement',
      title: `【情况说明已提交】${before.stationName}`,
      body: input.answer.slice(0, 200),
      subject: subject(before),
    },
    actor.now,
  );
  await commitWithAudit(
    [updateComplaintWrite(before, after), ...notificationWrites(notes)],
    [
      auditRecordOf(actor, {
        action: 'complaint.statement',
        ...audit(before),
        after: { requestId: input.requestId },
      }),
    ],
  );
  return maskedComplaint(after);
}

/** The district closes the complaint with its reply; whether it was upheld is recorded (B4 rectification follows). */
export const closeComplaint = (
  actor: Actor,
  id: string,
  input: { version: number; reply: string; upheld: boolean },
) =>
  change(
    actor,
    id,
    input.version,
    'complaint.close',
    (c) => {
      const { nextActionOn: _n, ...rest } = c;
      return {
        ...rest,
        status: transitionComplaint(c.status, 'closed'),
        reply: input.reply,
        upheld: input.upheld,
        closedAt: actor.now.toISOString(),
      };
    },
    (c) => ({
      to: c.operatorOrg ? [{ role: 'operator', org: c.operatorOrg }] : [],
      notice: {
        type: 'complaint.closed',
        title: `【投诉办结】${c.stationName}`,
        body: `关于${c.stationName}的投诉已办结（${input.upheld ? '投诉属实' : '投诉不属实'}）：${input.reply.slice(0, 200)}`,
        subject: subject(c),
      },
    }),
  );

function stepNotice(
  c: Complaint,
  step: 'acknowledge-overdue' | 'resolve-reminder' | 'resolve-overdue',
): { to: Party[]; notice: Notice } {
  if (step === 'resolve-reminder') {
    return {
      to: [district(c)],
      notice: {
        type: 'complaint.deadline',
        title: `【投诉办结提醒】${c.stationName}`,
        body: `该投诉应于 ${c.resolveBy} 前办结。`,
        subject: subject(c),
      },
    };
  }
  const what =
    step === 'acknowledge-overdue' ? `应于 ${c.acknowledgeBy} 前受理` : `应于 ${c.resolveBy} 前办结`;
  return {
    to: [district(c), { role: 'city_civil_affairs' }],
    notice: {
      type: 'complaint.deadline',
      title: `【投诉逾期督办】${c.stationName}`,
      body: `关于${c.stationName}的投诉${what}，已逾期。`,
      subject: subject(c),
    },
  };
}

/**
 * One complaint's due steps on `today` (R15.1), saved with their notices in one conditional write: a second run
 * (or a redelivered work message, issue 20) finds them done and changes nothing. `true` when it told someone.
 */
export async function runComplaintSteps(id: string, today: IsoDate, actor: Actor): Promise<boolean> {
  const c = await getComplaint(id);
  if (!c) return false;
  const decisions = decideComplaintSteps(c, today);
  if (decisions.size === 0) return false;
  const steps = c.steps.map((s) => (decisions.has(s.id) ? { ...s, done: decisions.get(s.id) } : s));
  const after = withComplaintState({ ...c, steps, version: c.version + 1 }, today);
  const notes = [...decisions]
    .filter(([, d]) => d === 'acted')
    .flatMap(([step]) => {
      const { to, notice } = stepNotice(c, step);
      return notify(to, notice, actor.now);
    });
  await commitWithAudit(
    [updateComplaintWrite(c, after), ...notificationWrites(notes)],
    [
      auditRecordOf(actor, {
        action: 'complaint.deadline-steps',
        ...audit(c),
        after: Object.fromEntries(decisions),
      }),
    ],
  );
  await deliverNotices(notes, actor.now);
  return notes.length > 0;
}

/** R15.1 complaint deadlines (daily): reminders and escalation to the city, read through byDue, each once. */
export async function runComplaintDeadlines(today: IsoDate, actor: Actor) {
  const { ids, read } = await dueComplaints(today);
  let acted = 0;
  let failed = 0;
  for (const id of ids) {
    try {
      if (await runComplaintSteps(id, today, actor)) acted += 1;
    } catch (error) {
      failed += 1;
      logger.error('complaint deadline step failed', { complaint: id, error: error as Error });
    }
  }
  return { examined: read, acted, failed };
}
