import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalScheduler, startScheduler } from '#infra/local/scheduler';
import { queryAudit } from '#shared/adapters/dynamodb/audit.repository';
import { listPolicyVersions } from '#shared/adapters/dynamodb/policy.repository';
import { createSlotWrite, getSlot, queryInbox } from '#shared/adapters/dynamodb/reports.repository';
import { commitWithAudit } from '#shared/adapters/dynamodb/unit-of-work';
import { loadWorkingCalendar } from '#shared/application/calendar/calendar.use-case';
import { reportDeadlinesFanOut } from '#shared/application/reports/report-deadlines.use-case';
import { ensureAnnualSlots } from '#shared/application/reports/reports.use-case';
import { contractReportPlan, openSlot } from '#shared/domain/reports/report-slot';
import { dispatchDue } from '#shared/jobs/fan-out';
import { injectFaults, nth } from '#test/helpers/faults';
import { freshTables } from '#test/helpers/tables';

const CONTRACTS = 20;
const contractId = (n: number) => `01JG00000000000000000000${String(n).padStart(2, '0')}`;
const at = (day: string) => new Date(`${day}T08:30:00+08:00`);
const operatorNotes = async () =>
  (await queryInbox({ party: 'operator:org-op-a', unreadOnly: false, limit: 200 })).items;
const stepAudits = async (slotId: string) =>
  (await queryAudit({ entityType: 'report', entityId: slotId }, 50)).items.filter(
    (r) => r.action === 'report.deadline-steps',
  );

/**
 * Issue 20: the report-deadlines job as a dispatcher and a worker over the local runtime's queue, which keeps SQS's
 * rules (a message not deleted comes back after the visibility timeout). The queue's clock is moved by the drain
 * itself instead of sleeping.
 */
describe('report-deadlines fans its due slots out to a worker through a queue (R9.3, issue 20)', () => {
  let scheduler: LocalScheduler;
  let t = Date.parse('2026-03-03T00:30:00Z');
  const queue = () => scheduler.fanOut.queue('report-deadlines');

  beforeAll(async () => {
    await freshTables();
    scheduler = startScheduler(false, {
      clock: () => t,
      sleep: async (ms) => {
        t += ms;
      },
    });
    // The year's annual slots exist already, so the dispatcher's own run writes nothing: every transaction below
    // is the worker's.
    await ensureAnnualSlots(2026, new Date('2026-01-01T00:00:00Z'));
    const [policies, calendar] = await Promise.all([listPolicyVersions(), loadWorkingCalendar()]);
    for (let n = 1; n <= CONTRACTS; n++) {
      const slots = contractReportPlan(
        {
          id: contractId(n),
          servicePeriod: { start: '2026-01-01', end: '2026-12-31' },
          districtCode: '370102',
          streetCode: '370102001',
          stationId: `STATION-${n}`,
          operator: { orgId: 'org-op-a', name: '承接方 A', kind: 'social_organization' },
        },
        policies,
        calendar,
      ).map((p) => openSlot(p, '2026-01-01T00:00:00Z'));
      await commitWithAudit(
        slots.map((s) => createSlotWrite(s)),
        [],
      );
    }
  });
  afterAll(() => scheduler.stop());

  it('a worker that fails a slot once sees it again after the visibility timeout, and every slot is acted on once', async () => {
    // The first slot transaction the worker commits fails (not retried by the SDK): its message is reported in
    // batchItemFailures, stays in the queue, and is delivered again once its visibility timeout has passed.
    const faults = injectFaults().add({
      fault: 'crash',
      operations: ['TransactWriteItems'],
      attempts: nth(1),
    });
    const started = t;
    const run = await scheduler.fire('report-deadlines', at('2026-03-03'));
    faults.remove();

    expect(run).toEqual({
      examined: 2 * CONTRACTS,
      dispatched: 2 * CONTRACTS,
      acted: 2 * CONTRACTS,
      failed: 0,
    });
    expect(t - started).toBeGreaterThanOrEqual(queue().visibilityTimeoutMs);
    expect(queue().depth()).toEqual({ inQueue: 0, dead: 0 });
    const notes = await operatorNotes();
    // January: overdue and escalation; February: the reminder two working days before.
    expect(notes).toHaveLength(3 * CONTRACTS);
    expect(new Set(notes.map((n) => `${n.subject.id}|${n.type}`)).size).toBe(3 * CONTRACTS);
    for (let n = 1; n <= CONTRACTS; n++) expect(await stepAudits(`${contractId(n)}-M202601`)).toHaveLength(1);
    expect((await getSlot(`${contractId(1)}-M202601`))?.overdue).toBe(true);
  });

  it('a redelivered message changes nothing and tells no one again', async () => {
    const slotId = `${contractId(7)}-M202601`;
    const before = { notes: (await operatorNotes()).length, version: (await getSlot(slotId))?.version };
    queue().send([JSON.stringify({ jobId: 'report-deadlines', today: '2026-03-03', id: slotId })]);

    const drained = await scheduler.fanOut.drain('report-deadlines');

    expect(drained).toMatchObject({ acted: 0, unchanged: 1, deadLettered: 0 });
    expect((await operatorNotes()).length).toBe(before.notes);
    expect((await getSlot(slotId))?.version).toBe(before.version);
    expect(await stepAudits(slotId)).toHaveLength(1);
  });

  it('a second run the same day sends nothing: every slot it handed on is done, and its checkpoint says the day was read to the end', async () => {
    const again = await scheduler.fire('report-deadlines', at('2026-03-03'));

    expect(again).toEqual({ examined: 0, dispatched: 0, acted: 0, failed: 0 });
  });

  it('a dispatcher cut short resumes from its checkpoint and hands on each slot once', async () => {
    // 2026-03-06: the February briefs become overdue, one slot per contract. The first run has time for eight
    // pages (of the byDue shards it reads at once), then stops (as one about to reach its timeout does); the retry
    // sends the rest, each shard from its own checkpoint.
    let calls = 0;
    const cut = await dispatchDue(
      reportDeadlinesFanOut,
      '2026-03-06',
      () => (calls++ < 8 ? 60_000 : 0),
      7,
    ).then(
      () => undefined,
      (error: Error) => error.message,
    );
    const first = Number(/cut short after (\d+) items/.exec(cut ?? '')?.[1]);
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThan(CONTRACTS);
    const resumed = await dispatchDue(reportDeadlinesFanOut, '2026-03-06', undefined, 7);

    expect(resumed).toMatchObject({ dispatched: CONTRACTS - first, examined: CONTRACTS - first });
    const ids = queue()
      .receive(10)
      .concat(queue().receive(10))
      .concat(queue().receive(10))
      .map((r) => JSON.parse(r.body).item.id);
    expect(ids).toHaveLength(CONTRACTS);
    expect(new Set(ids).size).toBe(CONTRACTS);
    t += queue().visibilityTimeoutMs;
    expect(await scheduler.fanOut.drain('report-deadlines')).toMatchObject({
      acted: CONTRACTS,
      deadLettered: 0,
    });
  });

  it('parks a slot that fails every delivery in the dead-letter queue and counts it as failed', async () => {
    const slotId = `${contractId(3)}-M202603`;
    queue().send([JSON.stringify({ jobId: 'report-deadlines', today: '2026-03-30', id: slotId })]);
    const faults = injectFaults().add({ fault: 'crash', operations: ['GetItem'], attempts: () => true });
    const drained = await scheduler.fanOut.drain('report-deadlines');
    faults.remove();

    expect(drained).toMatchObject({ acted: 0, deadLettered: 1, failedDeliveries: queue().maxReceiveCount });
    expect(queue().deadLetters.map((m) => JSON.parse(m.body).id)).toEqual([slotId]);
  });
});
