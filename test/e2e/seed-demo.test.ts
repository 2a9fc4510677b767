import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoSummary, formatSummary, seedDemo } from '#infra/local/seed-demo';
import { jinanDivisions } from '#shared/adapters/reference/jinan-divisions';
import { apiClient, startTestRuntime } from '#test/helpers/runtime';

type Runtime = Awaited<ReturnType<typeof startTestRuntime>>;

/**
 * `npm run seed:demo` (issue 18, item 8) against a fresh local runtime, at a tenth of the streets: what a user then
 * sees through the API has every shape the dashboards need, and a second run creates nothing.
 */
describe('npm run seed:demo', () => {
  let runtime: Runtime;
  let api: ReturnType<typeof apiClient>;
  let first: DemoSummary;

  beforeAll(async () => {
    runtime = await startTestRuntime();
    api = apiClient(runtime.apiUrl);
    const started = performance.now();
    first = await seedDemo({
      apiUrl: runtime.apiUrl,
      scale: 0.1,
      log: (line) => console.log(`${((performance.now() - started) / 1000).toFixed(1)} s ${line}`),
    });
    console.log(formatSummary(first, (performance.now() - started) / 1000));
  }, 600_000);
  afterAll(async () => {
    await runtime?.dispose();
  });

  it('gives every district stations, marked as demo', async () => {
    for (const d of jinanDivisions()) {
      const stations = await api('GET', `/stations?district=${d.code}`, { as: `demo.${d.code}.mz` });
      expect(stations.body.items.length, d.name).toBeGreaterThan(0);
      expect(stations.body.items[0].address).toMatch(/^【演示】/);
    }
    expect(first.districts).toBe(13);
    expect(first.stations).toBeGreaterThanOrEqual(13);
  });

  it('has contracts in every state, a year of reports with late and returned ones, every grade', () => {
    for (const state of ['draft', 'active', 'expired', 'completed', 'terminated'] as const) {
      expect(first.contracts[state], state).toBeGreaterThan(0);
    }
    expect(first.reports.onTime).toBeGreaterThan(first.reports.late);
    expect(first.reports.late).toBeGreaterThan(0);
    expect(first.reports.returned).toBeGreaterThan(0);
    // Reviewed within the week by both recipients, but for the last three weeks' reports (R9.3).
    expect(first.reports.accepted).toBeGreaterThan(first.reports.submitted / 2);
    expect(first.reports.accepted).toBeLessThan(first.reports.submitted);
    for (const grade of ['优秀', '良好', '合格', '不合格'])
      expect(first.evaluations.grades[grade], grade).toBeGreaterThan(0);
    expect(first.evaluations.final).toBeGreaterThan(0);
    expect(first.complaints.total).toBeGreaterThan(0);
    expect(first.complaints.closed).toBeGreaterThan(0);
    expect(first.complaints.closed).toBeLessThan(first.complaints.total);
    expect(first.recoveryCases).toBeGreaterThan(0);
    expect(first.disbursements).toBeGreaterThan(0);
  });

  it('keeps a year of service work, task progress and the dedicated ledger, so performance has real figures', async () => {
    const { year } = first.performance;
    const shown = (await api('GET', `/performance?year=${year}`, { as: 'city.mz' })).body;
    const withContracts = shown.districts.filter((d: { contracts: unknown[] }) => d.contracts.length > 0);
    expect(withContracts.length).toBe(13);
    for (const d of withContracts) {
      expect(d.taskCompletionBp, d.districtCode).toBeGreaterThan(0);
      expect(d.fundExecutionBp, d.districtCode).toBeGreaterThan(0);
    }
    const total = shown.serviceVolume.total;
    expect(total.records).toBeGreaterThan(first.stations);
    expect(total.byKind['case-intervention']).toBeGreaterThan(0);
    expect(total.casesClosed).toBeGreaterThan(0);
    expect(total.distinctRecipients).toBeGreaterThan(0);
    expect(total.volunteers).toBeGreaterThan(0);
    expect(first.performance).toMatchObject({
      records: total.records,
      withTaskCompletion: 13,
      withFundExecution: 13,
    });
    // The year before: its ledger feeds this year's factor allocation (R24.1).
    const before = (await api('GET', `/performance?year=${year - 1}`, { as: 'city.mz' })).body;
    expect(
      before.districts.some((d: { fundExecutionBp: number | null }) => (d.fundExecutionBp ?? 0) > 0),
    ).toBe(true);
    // One running contract as its operator keeps it: the roster of four, the year's key domains, the task book in
    // effect, and the ledger within the contract's three categories, each entry with its voucher.
    const contract = (
      await api('GET', '/contracts?district=370102', { as: 'demo.370102.mz' })
    ).body.items.find(
      (c: { number: string; status: string }) => /^DEMO-370102-\d+$/.test(c.number) && c.status === 'active',
    );
    const operator = await api('GET', `/contracts/${contract.id}/workers`, { as: 'demo.370102.mz' });
    expect(operator.body.items).toHaveLength(4);
    expect(contract.keyDomains['1']).toHaveLength(3);
    const book = (
      await api('GET', `/contracts/${contract.id}/service-years/1/task-book`, { as: 'demo.370102.mz' })
    ).body;
    expect(book.inEffect).toBe(true);
    expect(Object.keys(book.progress)).toHaveLength(3);
    const ledger = (await api('GET', `/contracts/${contract.id}/ledger`, { as: 'demo.370102.cz' })).body;
    expect(ledger.entries).toHaveLength(3);
    for (const c of ledger.categories) expect(c.overspent, c.category).toBe(false);
    const voucher = await api('GET', `/contracts/${contract.id}/ledger/${ledger.entries[0].id}/voucher`, {
      as: 'demo.370102.cz',
    });
    const file = new Uint8Array(await (await fetch(voucher.body.url)).arrayBuffer());
    expect(new TextDecoder().decode(file.subarray(0, 5))).toBe('%PDF-');
  });

  it('leaves the district only its recent reports to review, each offered to it for review', async () => {
    const mine = (await api('GET', '/reports?limit=100', { as: 'demo.370102.mz' })).body.items;
    const queue = (await api('GET', '/reports?awaiting=review&limit=100', { as: 'demo.370102.mz' })).body
      .items;
    const submitted = mine.filter((s: { firstSubmittedOn?: string }) => s.firstSubmittedOn);
    expect(submitted.length).toBeGreaterThan(10);
    expect(queue.length).toBeLessThan(submitted.length / 3);
    for (const s of queue) expect(s.actions).toContain('review');
  });

  it('publishes results with objections, open and closed, for the public', async () => {
    const open = (await api('GET', '/public/publicity?status=open')).body.items;
    const closed = (await api('GET', '/public/publicity?status=closed')).body.items;
    expect(open.length).toBeGreaterThan(0);
    expect(closed.length).toBeGreaterThan(0);
    expect(first.publicity.objections).toBeGreaterThan(0);
    const objections = (await api('GET', '/objections', { as: 'city.mz' })).body.items;
    expect(objections.some((o: { status: string }) => o.status === 'open')).toBe(true);
    expect(objections.some((o: { status: string }) => o.status === 'rejected')).toBe(true);
  });

  it('puts the clock back and, run again, creates nothing', async () => {
    const clock = (await api('GET', '/local/clock')).body;
    expect(clock.shiftDays).toBe(0);
    const impossible = await api('POST', '/local/clock', { body: { today: '2026-02-30' } });
    expect(impossible).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect(impossible.contentType).toContain('application/problem+json');
    expect(impossible.body.detail).toContain('YYYY-MM-DD');
    const second = await seedDemo({ apiUrl: runtime.apiUrl, scale: 0.1 });
    expect(second.created).toBe(0);
    expect({ ...second, created: first.created }).toEqual(first);
  }, 300_000);
});
