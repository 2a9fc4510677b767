import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveDocumentWrite } from '#shared/adapters/dynamodb/archives.repository';
import { queryAudit } from '#shared/adapters/dynamodb/audit.repository';
import { createEvaluationWrite, createNoticeWrite } from '#shared/adapters/dynamodb/evaluations.repository';
import { DUE_SHARDS } from '#shared/adapters/dynamodb/keys';
import { createRecipientWrite } from '#shared/adapters/dynamodb/recipients.repository';
import { dueSlots, queryInbox } from '#shared/adapters/dynamodb/reports.repository';
import { commitWithAudit } from '#shared/adapters/dynamodb/unit-of-work';
import { s3Client } from '#shared/adapters/s3/reports-store';
import { archiveCopiesFanOut } from '#shared/application/archives/archive-copies.use-case';
import { fileComplaint, listComplaints } from '#shared/application/complaints/complaints.use-case';
import { changeContractStatus, registerContract } from '#shared/application/contracts/contracts.use-case';
import { recordSafetyCheck } from '#shared/application/contracts/records.use-case';
import { complaintHandoverDeadlinesFanOut } from '#shared/application/deadlines/complaint-handover-deadlines.use-case';
import {
  evaluationWindowAlertsFanOut,
  windowWrites,
} from '#shared/application/evaluation/evaluation-windows.use-case';
import { publicityClosingFanOut } from '#shared/application/evaluation/publicity.use-case';
import { recipientRetentionFanOut } from '#shared/application/recipients/recipients.use-case';
import { raiseRectification } from '#shared/application/rectification/rectification.use-case';
import { novemberReportDeadlinesFanOut } from '#shared/application/reports/report-deadlines.use-case';
import { ensureAnnualSlots } from '#shared/application/reports/reports.use-case';
import { createStation } from '#shared/application/stations/stations.use-case';
import { bucketName } from '#shared/config';
import type { IsoDate } from '#shared/domain/calendar/dates';
import type { Contract } from '#shared/domain/contracts/contract';
import type { Evaluation, PublicityNotice } from '#shared/domain/evaluation/evaluation';
import type { Recipient } from '#shared/domain/recipients/recipient';
import { dispatchDue, type FanOut } from '#shared/jobs/fan-out';
import type { JobId } from '#shared/manifest';
import { actor, LIXIA, lixiaOfficial, principal } from '#test/helpers/actors';
import { contractTerms } from '#test/helpers/contracts';
import { makePdf } from '#test/helpers/documents';
import { startTestRuntime } from '#test/helpers/runtime';

const STREET = '370102001';
const DISTRICT = `district_civil_affairs:${LIXIA}`;
/** 10:00 in Jinan on `day`. */
const at = (day: string) => new Date(`${day}T02:00:00Z`);

/** An entity a job changes, and the audit action each of its changes leaves (what the audit log page lists). */
interface Changed {
  readonly type: string;
  readonly id: string;
  readonly action: string;
}

/** A converted job: the day it runs for, how its due items are made, and who is told. */
interface Case {
  readonly fanOut: FanOut;
  readonly day: IsoDate;
  /** The run of the day (archive-copies runs hourly; its dispatcher keeps a checkpoint per hour). */
  readonly run?: string;
  /** The hour (Asia/Shanghai) its schedule fires. */
  readonly hour: string;
  /** Writes the job's due items (at least two, so a dispatch cut after one page has more to resume). */
  readonly setup: () => Promise<Changed[]>;
  /** A party told of each change: its inbox shows the notices (jobs that notify). */
  readonly party?: string;
}

const window = (n: number): Contract => ({
  id: `01JF0000000000000000000W${String(n).padStart(2, '0')}`,
  stationId: `STATION-W${n}`,
  districtCode: LIXIA,
  streetCode: STREET,
  ...contractTerms(`FAN-W-${n}`),
  servicePeriod: { start: '2026-01-01', end: '2026-12-31' },
  status: 'active',
  version: 2,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
});

/** An evaluation in publicity with a passing result, and its notice closable on 2026-12-03 (no contract record). */
function inPublicity(n: number): { evaluation: Evaluation; notice: PublicityNotice } {
  const id = `01JF0000000000000000000E${String(n).padStart(2, '0')}`;
  const noticeId = `01JF0000000000000000000P${String(n).padStart(2, '0')}`;
  return {
    evaluation: {
      id,
      contractId: `01JF0000000000000000000C${String(n).padStart(2, '0')}`,
      stationId: `STATION-P${n}`,
      districtCode: LIXIA,
      streetCode: STREET,
      operatorOrg: 'org-op-a',
      serviceYear: { n: 1, start: '2026-01-01', end: '2026-12-31' },
      window: { opensOn: '2026-12-01', closesOn: '2026-12-31' },
      evaluator: { orgId: 'org-tp-a', name: '第三方评估机构 A' },
      planned: { start: '2026-11-02', end: '2026-11-20' },
      templateId: 'TEMPLATE',
      policyId: 'POLICY',
      reportSlotId: `EVAL-${id}`,
      scores: { thirdParty: { indicators: {}, total: 8500 }, district: 8500, street: 8500 },
      result: {
        totalTenThousandths: 850000,
        total: '85.00',
        grade: 'good',
        weights: { thirdParty: 60, district: 30, street: 10 },
      },
      status: 'in_publicity',
      publicityId: noticeId,
      rounds: 1,
      version: 1,
      createdAt: '2026-11-20T00:00:00Z',
      updatedAt: '2026-11-25T00:00:00Z',
    },
    notice: {
      id: noticeId,
      evaluationId: id,
      districtCode: LIXIA,
      streetCode: STREET,
      stationName: `社工站 ${n}`,
      operatorName: '承接方 A',
      serviceYear: { start: '2026-01-01', end: '2026-12-31' },
      evaluatorName: '第三方评估机构 A',
      scores: { thirdParty: '85.00', district: '85.00', street: '85.00' },
      total: '85.00',
      grade: 'good',
      gradeName: '良好',
      publishedOn: '2026-11-25',
      period: {
        startsOn: '2026-11-25',
        minEndOn: '2026-12-02',
        closableOn: '2026-12-03',
        provisional: false,
      },
      status: 'open',
      openObjections: 0,
      version: 1,
    },
  };
}

const recipient = (n: number): Recipient => ({
  id: `01JF0000000000000000000R${String(n).padStart(2, '0')}`,
  stationId: 'STATION-R',
  districtCode: LIXIA,
  streetCode: STREET,
  status: 'deletion_pending',
  category: 'left_behind_elderly',
  name: '王*芳',
  registeredOn: '2026-12-01',
  deletion: { requestedOn: '2027-01-05', retainUntil: '2032-12-31', anonymiseOn: '2033-01-01' },
  version: 2,
  createdAt: '2026-12-01T02:00:00Z',
  updatedAt: '2027-01-05T02:00:00Z',
});

const CASES: Readonly<Record<string, Case>> = {
  'evaluation-window-alerts': {
    fanOut: evaluationWindowAlertsFanOut,
    day: '2026-11-17',
    hour: '08:00',
    party: DISTRICT,
    setup: async () => {
      const changed: Changed[] = [];
      for (let n = 1; n <= 3; n++) {
        await commitWithAudit(await windowWrites(window(n)), []);
        changed.push({
          type: 'evaluation-window',
          id: `${window(n).id}#1`,
          action: 'evaluation-window.alerts',
        });
      }
      return changed;
    },
  },
  'november-report-deadlines': {
    fanOut: novemberReportDeadlinesFanOut,
    day: '2026-11-16',
    hour: '09:00',
    party: DISTRICT,
    setup: async () => {
      await ensureAnnualSlots(2026, new Date('2026-01-01T00:00:00Z'));
      const { ids } = await dueSlots('ANNUAL_REPORT', '2026-11-16');
      return ids.map((id) => ({ type: 'report', id, action: 'report.deadline-steps' }));
    },
  },
  'publicity-closing': {
    fanOut: publicityClosingFanOut,
    day: '2026-12-03',
    hour: '00:10',
    party: DISTRICT,
    setup: async () => {
      const changed: Changed[] = [];
      for (let n = 1; n <= 3; n++) {
        const { evaluation, notice } = inPublicity(n);
        await commitWithAudit([createEvaluationWrite(evaluation), createNoticeWrite(notice)], []);
        changed.push({ type: 'evaluation', id: evaluation.id, action: 'evaluation.final' });
      }
      return changed;
    },
  },
  'complaint-handover-deadlines': {
    fanOut: complaintHandoverDeadlinesFanOut,
    day: '2026-10-27',
    hour: '08:45',
    setup: async () => {
      const as = (day: string) => actor(lixiaOfficial, at(day));
      const station = await createStation(as('2026-01-02'), {
        districtCode: LIXIA,
        streetCode: STREET,
        address: '解放路 9 号',
      });
      const contract = await registerContract(as('2026-01-02'), station.id, contractTerms('FAN-RC-1'));
      await changeContractStatus(as('2026-01-02'), contract.id, 1, 'active');
      // Two complaints filed on 20 October: unacknowledged past their deadline by the 27th.
      await fileComplaint(at('2026-10-20'), { stationId: station.id, content: '活动室周末不开放' });
      await fileComplaint(at('2026-10-20'), { stationId: station.id, content: '服务记录未公示' });
      // Two rectification items raised on 28 September (deadline 30 October): the reminder is due on the 27th.
      const street = principal('street_office', { district: LIXIA, street: STREET });
      const check = await recordSafetyCheck(actor(street, at('2026-09-25')), station.id, {
        checkedOn: '2026-09-25',
        items: [{ item: '消防器材', ok: false, note: '灭火器过期' }],
        findings: '灭火器过期',
      });
      const raise = async () =>
        (
          await raiseRectification(actor(street, at('2026-09-28')), {
            source: { type: 'safety_check', id: check.id },
            stationId: station.id,
            requirement: '更换过期灭火器',
          })
        ).id;
      const rectifications = [await raise(), await raise()];
      const complaints = (await listComplaints(lixiaOfficial, { district: LIXIA })).map((c) => c.id);
      expect(complaints).toHaveLength(2);
      return [
        ...complaints.map((id) => ({ type: 'complaint', id, action: 'complaint.deadline-steps' })),
        ...rectifications.map((id) => ({
          type: 'rectification',
          id,
          action: 'rectification.deadline-steps',
        })),
      ];
    },
  },
  'archive-copies': {
    fanOut: archiveCopiesFanOut,
    day: '2026-11-25',
    run: 'T10',
    hour: '10:20',
    setup: async () => {
      // Three service records recorded two days before: one uploaded (locked in the archive), two never (missing).
      const changed: Changed[] = [];
      for (let n = 1; n <= 3; n++) {
        const key = `service-records/fan-out/${n}.pdf`;
        await commitWithAudit(
          [
            archiveDocumentWrite(
              {
                key,
                category: 'service_record',
                title: `入户走访记录 ${n}`,
                date: '2026-11-23',
                districtCode: LIXIA,
              },
              at('2026-11-23'),
            ),
          ],
          [],
        );
        if (n === 1) {
          await s3Client().send(
            new PutObjectCommand({
              Bucket: bucketName('reports'),
              Key: key,
              Body: await makePdf(['入户走访记录']),
              ContentType: 'application/pdf',
            }),
          );
        }
        changed.push({
          type: 'archive-document',
          id: key,
          action: n === 1 ? 'archive.lock' : 'archive.missing',
        });
      }
      return changed;
    },
  },
  'recipient-retention': {
    fanOut: recipientRetentionFanOut,
    day: '2033-01-01',
    hour: '02:40',
    setup: async () => {
      const changed: Changed[] = [];
      for (let n = 1; n <= 3; n++) {
        await commitWithAudit([createRecipientWrite(recipient(n))], []);
        changed.push({ type: 'recipient', id: recipient(n).id, action: 'recipient.anonymise' });
      }
      return changed;
    },
  },
};

/**
 * Issue 20: every converted job, as a dispatcher and its worker over the local runtime's queue (the same modules
 * Lambda runs): a dispatch cut short again and again resumes every (partition, byDue shard) from its checkpoint and
 * hands every due item on once; each message delivered again changes nothing (no second notice, no second audit
 * record); a second run the same day hands nothing on.
 */
let runtime: Awaited<ReturnType<typeof startTestRuntime>>;
beforeAll(async () => {
  runtime = await startTestRuntime();
});
afterAll(async () => {
  await runtime?.dispose();
});

describe.each(Object.entries(CASES))('%s fans its due items out to a worker (issue 20)', (jobId, c) => {
  const queue = () => runtime.scheduler.fanOut.queue(jobId as JobId);
  let changed: Changed[];
  const audits = async (e: Changed) =>
    (await queryAudit({ entityType: e.type, entityId: e.id }, 50)).items.filter((r) => r.action === e.action)
      .length;
  const told = async () =>
    c.party ? (await queryInbox({ party: c.party, unreadOnly: false, limit: 200 })).items.length : 0;

  beforeAll(async () => {
    changed = await c.setup();
    expect(changed.length).toBeGreaterThanOrEqual(2);
  });

  it('resumes a dispatch cut short from its checkpoint, acts on each item once, and a redelivery changes nothing', async () => {
    const before = await told();
    // Each run has time for pages of one item, one per byDue shard of the job's partitions and one more, then the
    // time runs out (as an invocation about to reach its timeout); a page of one item always says there may be
    // more, so the first run is cut short, and each retry resumes every (partition, shard) after its checkpoint.
    const budget = c.fanOut.partitions.length * DUE_SHARDS + 1;
    let runs = 0;
    let handed = 0;
    for (;;) {
      runs += 1;
      let checks = 0;
      try {
        const run = await dispatchDue(c.fanOut, c.day, () => (checks++ < budget ? 60_000 : 0), 1, c.run);
        handed += run.dispatched;
        break;
      } catch (error) {
        const cut = /cut short after (\d+) items/.exec((error as Error).message);
        expect(cut).not.toBeNull();
        handed += Number(cut?.[1]);
      }
      expect(runs).toBeLessThan(20);
    }
    expect(runs).toBeGreaterThan(1);
    expect(handed).toBe(changed.length);

    // Every due item handed on exactly once over the two runs.
    const bodies: string[] = [];
    for (let batch = queue().receive(10); batch.length > 0; batch = queue().receive(10)) {
      for (const record of batch) {
        bodies.push(record.body);
        queue().delete(record.receiptHandle);
      }
    }
    expect(bodies).toHaveLength(changed.length);
    expect(new Set(bodies).size).toBe(changed.length);

    queue().send(bodies);
    expect(await runtime.scheduler.fanOut.drain(jobId as JobId)).toMatchObject({
      acted: changed.length,
      unchanged: 0,
      deadLettered: 0,
    });
    for (const e of changed) expect(await audits(e)).toBe(1);
    const notices = await told();
    if (c.party) expect(notices).toBeGreaterThan(before);

    // At least once: every message delivered again finds nothing left to do.
    queue().send(bodies);
    expect(await runtime.scheduler.fanOut.drain(jobId as JobId)).toMatchObject({
      acted: 0,
      unchanged: changed.length,
      deadLettered: 0,
    });
    for (const e of changed) expect(await audits(e)).toBe(1);
    expect(await told()).toBe(notices);
  });

  it('hands nothing on when run again the same day', async () => {
    expect(
      await runtime.scheduler.fire(jobId as JobId, new Date(`${c.day}T${c.hour}:00+08:00`)),
    ).toMatchObject({ examined: 0, dispatched: 0, acted: 0, failed: 0 });
  });
});

describe('publicity-closing keeps to working days (R18.1, issue 20)', () => {
  beforeAll(async () => {
    const { evaluation, notice } = inPublicity(9);
    await commitWithAudit([createEvaluationWrite(evaluation), createNoticeWrite(notice)], []);
  });

  it('dispatches nothing on a Saturday, and a message for that day closes nothing', async () => {
    expect(await dispatchDue(publicityClosingFanOut, '2026-12-05')).toEqual({
      examined: 0,
      dispatched: 0,
      pages: 0,
    });
    const { notice } = inPublicity(9);
    runtime.scheduler.fanOut.queue('publicity-closing').send([
      JSON.stringify({
        jobId: 'publicity-closing',
        today: '2026-12-05',
        partition: 'DUE#PUBLICITY',
        item: { id: notice.id },
      }),
    ]);
    expect(await runtime.scheduler.fanOut.drain('publicity-closing')).toMatchObject({
      acted: 0,
      unchanged: 1,
    });
    expect(
      await runtime.scheduler.fire('publicity-closing', new Date('2026-12-07T00:10:00+08:00')),
    ).toMatchObject({ examined: 1, dispatched: 1, acted: 1, failed: 0 });
  });
});
