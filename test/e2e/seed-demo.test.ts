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
    for (const grade of ['优秀', '良好', '合格', '不合格'])
      expect(first.evaluations.grades[grade], grade).toBeGreaterThan(0);
    expect(first.evaluations.final).toBeGreaterThan(0);
    expect(first.complaints.total).toBeGreaterThan(0);
    expect(first.complaints.closed).toBeGreaterThan(0);
    expect(first.complaints.closed).toBeLessThan(first.complaints.total);
    expect(first.recoveryCases).toBeGreaterThan(0);
    expect(first.disbursements).toBeGreaterThan(0);
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
