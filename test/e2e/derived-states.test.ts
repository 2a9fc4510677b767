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
