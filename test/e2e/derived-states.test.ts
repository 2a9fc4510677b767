import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetClock, setClock } from '#shared/clock';
import { DEFAULT_TEMPLATE_PARTS } from '#shared/domain/evaluation/template';
import { contractTerms } from '#test/helpers/contracts';
import { makePdf } from '#test/helpers/documents';
import { apiClient, startTestRuntime } from '#test/helpers/runtime';

type Runtime = Awaited<ReturnType<typeof startTestRuntime>>;

const BRIEF = [
  '本月服务开展情况',
  '个案 8 个',
  '服务成效',
  '邻里互助',
  '存在问题',
  '无',
  '下月工作计划',
  '入户走访',
];
/** 2026-11-25 10:00 in Asia/Shanghai; the other days at the same hour. */
const on = (day: string) => new Date(`${day}T10:00:00+08:00`);

/**
 * Derived states over HTTP (issue 18, item 4): the views read their statuses from the stored facts and today by one
 * rule, so a report past its due date is overdue before any job ran, a returned report's next action is never in
 * the past, and a recovery case's status, settlement and blocked tranches agree with each other and with the
 * contract's payments view.
 */
describe('derived states agree with each other over HTTP', () => {
  let runtime: Runtime;
  let api: ReturnType<typeof apiClient>;

  const station = async (street: string, address: string) =>
    (
      await api('POST', '/stations', {
        as: 'lixia.mz',
        body: { districtCode: '370102', streetCode: street, address },
      })
    ).body.id as string;
  const activeContract = async (stationId: string, number: string) => {
    const contract = await api('POST', '/contracts', {
      as: 'lixia.mz',
      body: {
        stationId,
        ...contractTerms(number),
        servicePeriod: { start: '2026-01-01', end: '2026-12-31' },
      },
    });
    const activated = await api('POST', `/contracts/${contract.body.id}/status`, {
      as: 'lixia.mz',
      body: { version: 1, to: 'active' },
    });
    expect(activated.status).toBe(200);
    return contract.body.id as string;
  };
  const putPdf = async (url: string, bytes: Uint8Array) => {
    const put = await fetch(url, {
      method: 'PUT',
      headers: { 'content-type': 'application/pdf' },
      body: bytes,
    });
    expect(put.status).toBe(200);
  };

  beforeAll(async () => {
    setClock(() => on('2026-11-25'));
    runtime = await startTestRuntime();
    api = apiClient(runtime.apiUrl);
  });
  afterAll(async () => {
    resetClock();
    await runtime?.dispose();
  });

  it('reads a report past its due date and never submitted as overdue, its next action today, before any job ran', async () => {
    setClock(() => on('2026-11-25'));
    const contractId = await activeContract(await station('370102002', '千佛山路 8 号'), 'LX-DERIVED-RPT');
    // Activated on 2026-11-25: the January brief fell due on 2026-02-05 and no deadline job has run since.
    const id = `${contractId}-M202601`;
    const listed = (
      await api('GET', `/reports?contractId=${contractId}&limit=100`, { as: 'op.a' })
    ).body.items.find((s: { id: string }) => s.id === id);
    const shown = (await api('GET', `/reports/${id}`, { as: 'lixia.mz' })).body.slot;
    for (const slot of [listed, shown]) {
      expect(slot).toMatchObject({
        status: 'open',
        dueOn: '2026-02-05',
        overdue: true,
        nextActionOn: '2026-11-25',
      });
    }
    // Not yet due: not overdue, its next action (the first reminder) ahead.
    const december = (await api('GET', `/reports/${contractId}-M202612`, { as: 'lixia.mz' })).body.slot;
    expect(december.overdue).toBe(false);
    expect(december.nextActionOn > '2026-11-25').toBe(true);
  });

  it('after a return past the due date shows the report overdue and its next action today, not in the past', async () => {
    setClock(() => on('2026-11-25'));
    const contractId = await activeContract(await station('370102003', '燕山路 3 号'), 'LX-DERIVED-RET');
    // The November brief, due 2026-12-07 (the 5th is a Saturday), submitted in time on 2026-11-25.
    const id = `${contractId}-M202611`;
    const bytes = await makePdf(['2026年11月工作简报', ...BRIEF]);
    const ticket = await api('POST', `/reports/${id}/upload-url`, {
      as: 'op.a',
      body: { contentType: 'application/pdf', bytes: bytes.byteLength },
    });
    await putPdf(ticket.body.url, bytes);
    await runtime.s3.drain();
    const submitted = (await api('GET', `/reports/${id}`, { as: 'lixia.mz' })).body.slot;
    expect(submitted).toMatchObject({ status: 'submitted', overdue: false, onTime: true });
    expect(submitted.nextActionOn).toBeUndefined();

    // Returned on 2026-12-10, after its due date, its reminders' days and its overdue day.
    setClock(() => on('2026-12-10'));
    const returned = await api('POST', `/reports/${id}/review`, {
      as: 'lixia.mz',
      body: {
        version: submitted.version,
        uploadId: submitted.currentUploadId,
        decision: 'return',
        comment: '请补充服务对象签字',
      },
    });
    expect(returned.status).toBe(200);
    expect(returned.body).toMatchObject({ status: 'returned', overdue: true, nextActionOn: '2026-12-10' });
    // Days pass without the job: the view still says today, never a day gone by.
    setClock(() => on('2026-12-14'));
    expect((await api('GET', `/reports/${id}`, { as: 'lixia.mz' })).body.slot).toMatchObject({
      status: 'returned',
      overdue: true,
      nextActionOn: '2026-12-14',
    });
    // The job, reading through its index, finds the slot and sends the overdue notice and the escalation.
    await runtime.scheduler.fire('report-deadlines', on('2026-12-14'));
    const afterJob = (await api('GET', `/reports/${id}`, { as: 'lixia.mz' })).body.slot;
    expect(
      afterJob.steps
        .filter((s: { kind: string }) => s.kind !== 'remind')
        .map((s: { id: string; done?: string }) => [s.id, s.done]),
    ).toEqual([
      ['overdue', 'acted'],
      ['escalate-2', 'acted'],
    ]);
    expect(afterJob.overdue).toBe(true);
    expect(afterJob.nextActionOn).toBeUndefined();
  }, 120_000);

  it('reads a complaint, a handover and a rectification item past their deadlines as overdue, their next action today, before any job ran', async () => {
    // Friday 2026-11-20: a station, two complaints, an exit recorded late, an item raised from an upheld complaint.
    setClock(() => on('2026-11-20'));
    const stationId = await station('370102004', '文化东路 12 号');
    const contractId = await activeContract(stationId, 'LX-DERIVED-DUE');
    const file = async (content: string) => {
      await api('POST', '/public/complaints', { body: { stationId, content } });
      const listed = (await api('GET', '/complaints?district=370102', { as: 'lixia.mz' })).body.items as {
        id: string;
        content: string;
      }[];
      return listed.find((c) => c.content === content)?.id as string;
    };
    // Received on 11-20: to be acknowledged by Monday 11-23; nobody does.
    const waiting = await file('活动室周末不开放，与公示时间不符');
    expect((await api('GET', `/complaints/${waiting}`, { as: 'lixia.mz' })).body).toMatchObject({
      acknowledgeBy: '2026-11-23',
      overdue: false,
      nextActionOn: '2026-11-24',
    });
    const upheld = await file('服务记录与实际不符');
    await api('POST', `/complaints/${upheld}/acknowledgement`, { as: 'lixia.mz', body: { version: 1 } });
    const closed = await api('POST', `/complaints/${upheld}/closure`, {
      as: 'lixia.mz',
      body: { version: 2, reply: '经核实属实，已责令整改', upheld: true },
    });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    expect(closed.body.overdue).toBe(false);
    expect(closed.body.nextActionOn).toBeUndefined();
    const raised = await api('POST', '/rectifications', {
      as: 'lixia.mz',
      body: {
        source: { type: 'complaint', id: upheld },
        stationId,
        requirement: '补齐服务记录并说明原因',
        workingDays: 3,
      },
    });
    expect(raised.status, JSON.stringify(raised.body)).toBe(201);
    // Three working days from Friday 11-20: Wednesday 11-25; the reminder would fall before the raising day.
    expect(raised.body).toMatchObject({ deadline: '2026-11-25', overdue: false, nextActionOn: '2026-11-26' });
    // The operator left on 09-29 and it is recorded only now: the handover was due 11-16, its reminder 11-09.
    const handover = await api('POST', `/contracts/${contractId}/handover`, {
      as: 'lixia.mz',
      body: { exitOn: '2026-09-29', reason: '合同终止' },
    });
    expect(handover.status, JSON.stringify(handover.body)).toBe(201);
    expect(handover.body).toMatchObject({
      deadlineOn: '2026-11-16',
      overdue: true,
      nextActionOn: '2026-11-20',
    });

    // Monday 11-30, no deadline job has run since: every view says overdue, and the next action is today.
    setClock(() => on('2026-11-30'));
    const today = { overdue: true, nextActionOn: '2026-11-30' };
    expect((await api('GET', `/complaints/${waiting}`, { as: 'lixia.mz' })).body).toMatchObject({
      status: 'received',
      ...today,
    });
    const listed = (await api('GET', '/complaints?district=370102', { as: 'lixia.mz' })).body.items.find(
      (c: { id: string }) => c.id === waiting,
    );
    expect(listed).toMatchObject(today);
    expect((await api('GET', `/complaints/${upheld}`, { as: 'lixia.mz' })).body.overdue).toBe(false);
    expect((await api('GET', `/rectifications/${raised.body.id}`, { as: 'lixia.mz' })).body).toMatchObject({
      status: 'open',
      ...today,
    });
    const items = (await api('GET', '/rectifications?district=370102&limit=100', { as: 'lixia.mz' })).body
      .items as { id: string }[];
    expect(items.find((r) => r.id === raised.body.id)).toMatchObject(today);
    expect((await api('GET', `/handovers/${handover.body.id}`, { as: 'lixia.mz' })).body).toMatchObject({
      status: 'open',
      ...today,
    });

    // The job, reading through its index, finds all three and acts: then the next actions lie ahead or are gone.
    await runtime.scheduler.fire('complaint-handover-deadlines', on('2026-11-30'));
    const after = [
      (await api('GET', `/complaints/${waiting}`, { as: 'lixia.mz' })).body,
      (await api('GET', `/rectifications/${raised.body.id}`, { as: 'lixia.mz' })).body,
      (await api('GET', `/handovers/${handover.body.id}`, { as: 'lixia.mz' })).body,
    ];
    for (const view of after) {
      expect(view.overdue).toBe(true);
      if (view.nextActionOn) expect(view.nextActionOn > '2026-11-30').toBe(true);
    }
    expect(after[0].steps.find((s: { id: string }) => s.id === 'acknowledge-overdue')?.done).toBe('acted');
    expect(after[1].steps.find((s: { id: string }) => s.id === 'overdue')?.done).toBe('acted');
    expect(after[2].steps.find((s: { id: string }) => s.id === 'overdue')?.done).toBe('acted');
  }, 120_000);

  it('reads a recovery case with nothing to recover as settled, its blocked tranches only the unpaid ones, as the payments view does', async () => {
    setClock(() => on('2026-11-25'));
    const contractId = await activeContract(await station('370102001', '解放路 23 号'), 'LX-DERIVED-REC');
    // Tranche 1 (30 万元) paid on its day, and all of it spent on wages before termination: nothing to recover.
    const paid = await api('POST', `/contracts/${contractId}/disbursements`, {
      as: 'lixia.cz',
      body: { seq: 1, amountFen: 30_000_000, paidOn: '2026-01-15', paidBeforeFen: 0 },
    });
    expect(paid.status).toBe(201);
    const voucher = await makePdf(['工资发放表 2026年2月至10月', '合计 300000 元']);
    const ticket = await api('POST', `/contracts/${contractId}/ledger/voucher-url`, {
      as: 'op.a',
      body: { contentType: 'application/pdf', bytes: voucher.byteLength },
    });
    await fetch(ticket.body.url, { method: 'PUT', headers: ticket.body.headers, body: voucher });
    const spent = await api('POST', `/contracts/${contractId}/ledger`, {
      as: 'op.a',
      body: {
        spentOn: '2026-10-31',
        amountFen: 30_000_000,
        category: 'labour',
        description: '2—10 月人员工资',
        voucherKey: ticket.body.key,
      },
    });
    expect(spent.status).toBe(201);

    // A final unqualified result: payments stop and a recovery case opens (R19.1, R25.1).
    const created = await api('POST', `/contracts/${contractId}/evaluations`, {
      as: 'lixia.mz',
      body: {
        serviceYear: 1,
        evaluator: { orgId: 'org-tp-a', name: '第三方 A' },
        planned: { start: '2026-12-01', end: '2026-12-20' },
      },
    });
    const evaluationId = created.body.id as string;
    const version = async () =>
      (await api('GET', `/evaluations/${evaluationId}`, { as: 'city.mz' })).body.version;
    const zero = Object.fromEntries(
      DEFAULT_TEMPLATE_PARTS.flatMap((p) => p.indicators.map((i) => [`${p.key}.${i.key}`, 0])),
    );
    await api('PUT', `/evaluations/${evaluationId}/scores`, {
      as: 'tp.a',
      body: { version: await version(), indicators: zero },
    });
    await api('PUT', `/evaluations/${evaluationId}/scores`, {
      as: 'lixia.mz',
      body: { version: await version(), score: 50 },
    });
    await api('PUT', `/evaluations/${evaluationId}/scores`, {
      as: 'jiefanglu.jd',
      body: { version: await version(), score: 50 },
    });
    const report = await makePdf(['评估报告', '评估概况', '评估方法', '评估结果', '存在问题', '改进建议']);
    const reportTicket = await api('POST', `/reports/EVAL-${evaluationId}/upload-url`, {
      as: 'tp.a',
      body: { contentType: 'application/pdf', bytes: report.byteLength },
    });
    await putPdf(reportTicket.body.url, report);
    await runtime.s3.drain();
    await api('POST', `/evaluations/${evaluationId}/confirmation`, {
      as: 'lixia.mz',
      body: { version: await version() },
    });
    await api('POST', `/evaluations/${evaluationId}/publicity`, {
      as: 'lixia.mz',
      body: { version: await version() },
    });
    expect(await runtime.scheduler.fire('publicity-closing', on('2026-12-03'))).toMatchObject({ acted: 1 });

    const cases = (await api('GET', '/recovery-cases?district=370102', { as: 'lixia.cz' })).body.items as {
      contractId: string;
      status: string;
      settled: boolean;
      amountFen: number;
      outstandingFen: number;
      blockedTranches: { seq: number; amountFen: number }[];
    }[];
    const recovery = cases.find((c) => c.contractId === contractId);
    expect(recovery).toMatchObject({ amountFen: 0, outstandingFen: 0, settled: true, status: 'settled' });
    expect(recovery?.blockedTranches).toEqual([{ seq: 2, amountFen: 30_000_000 }]);
    const payments = (await api('GET', `/contracts/${contractId}/payments`, { as: 'lixia.cz' })).body;
    expect(payments.tranches.map((t: { seq: number; status: string }) => [t.seq, t.status])).toEqual([
      [1, 'paid'],
      [2, 'blocked'],
    ]);
  }, 120_000);
});
