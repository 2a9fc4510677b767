import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoUser } from '#infra/local/demo-users';
import { resetClock, setClock } from '#shared/clock';
import { contractTerms } from '#test/helpers/contracts';
import { makePdf } from '#test/helpers/documents';
import { THIRD_PARTY_INDICATORS } from '#test/helpers/evaluation';
import { type ApiResponse, apiClient, startTestRuntime } from '#test/helpers/runtime';

type Runtime = Awaited<ReturnType<typeof startTestRuntime>>;

/** How many callers race on each record. */
const RACERS = 50;
const BRIEF = [
  '2026年10月工作简报',
  '本月服务开展情况',
  '个案 12 个',
  '服务成效',
  '存在问题',
  '下月工作计划',
];
const EVAL_REPORT = ['评估报告', '评估概况', '评估方法', '评估结果', '存在问题', '改进建议'];

interface RaceFigures {
  readonly transition: string;
  readonly tried: number;
  readonly won: number;
  readonly conflicts409: number;
  readonly other: number;
  readonly codes: Record<string, number>;
  readonly auditEntries: number;
  readonly notifications: number;
}
const figures: RaceFigures[] = [];

/**
 * Conflicting transitions on one record, fired at once by many callers through the local runtime's HTTP API (real
 * RS256 tokens verified by the route functions, as deployed; DynamoDB Local underneath): exactly one wins, every
 * other caller gets 409 application/problem+json, and the audit log holds exactly one record of the change. The
 * callers are distinct users of the same role and scope (tokens signed by the runtime's identity, as Cognito would
 * issue them to 50 different officials). Clock pinned to 2026-11-25 10:00 Asia/Shanghai.
 */
describe(`${RACERS} simultaneous conflicting transitions on one record`, () => {
  let runtime: Runtime;
  let api: ReturnType<typeof apiClient>;
  let contractId: string;

  /** Tokens of `n` distinct users with the role and scope of `base`. */
  async function users(base: Omit<DemoUser, 'username' | 'description'>, prefix: string, n: number) {
    return Promise.all(
      Array.from({ length: n }, (_, i) =>
        runtime.identity.issue({
          ...base,
          username: `${prefix}.${i + 1}`,
          description: `${prefix} #${i + 1}`,
        }),
      ),
    );
  }
  const as = (token: string) => ({ authorization: `Bearer ${token}` });

  /** Fires every request at once and tallies the answers. */
  async function race(requests: (() => Promise<ApiResponse>)[], okStatus: number) {
    const answers = await Promise.all(requests.map((r) => r()));
    const codes: Record<string, number> = {};
    for (const a of answers) {
      const key = a.status === okStatus ? String(a.status) : `${a.status} ${a.body?.code ?? '?'}`;
      codes[key] = (codes[key] ?? 0) + 1;
    }
    const losers = answers.filter((a) => a.status !== okStatus);
    return {
      answers,
      codes,
      won: answers.length - losers.length,
      conflicts409: losers.filter(
        (a) => a.status === 409 && a.contentType.includes('application/problem+json'),
      ).length,
      losers,
      winner: answers.find((a) => a.status === okStatus),
    };
  }

  /** Every audit record of one entity (paged). */
  async function auditOf(entityType: string, entityId: string) {
    const records: { action: string; actor: { username: string } }[] = [];
    let cursor: string | undefined;
    do {
      const page = await api(
        'GET',
        `/audit?entityType=${entityType}&entityId=${encodeURIComponent(entityId)}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        { as: 'lixia.mz' },
      );
      expect(page.status).toBe(200);
      records.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    return records;
  }
  const inbox = async (as: string) =>
    (await api('GET', '/notifications?limit=100', { as })).body.items as {
      type: string;
      subject: { id: string };
    }[];

  beforeAll(async () => {
    setClock(() => new Date('2026-11-25T02:00:00Z'));
    runtime = await startTestRuntime();
    api = apiClient(runtime.apiUrl);
    const station = await api('POST', '/stations', {
      as: 'lixia.mz',
      body: { districtCode: '370102', streetCode: '370102001', address: '解放路 23 号' },
    });
    const contract = await api('POST', '/contracts', {
      as: 'lixia.mz',
      body: {
        stationId: station.body.id,
        ...contractTerms('LX-RACE-2026'),
        servicePeriod: { start: '2026-01-01', end: '2026-12-31' },
      },
    });
    expect(contract.status).toBe(201);
    contractId = contract.body.id;
  });
  afterAll(async () => {
    resetClock();
    await runtime?.dispose();
    if (figures.length > 0) {
      console.log(
        `\nconcurrency figures (${RACERS} simultaneous callers per record, DynamoDB Local via the local runtime)\n${figures
          .map(
            (f) =>
              `  ${f.transition.padEnd(34)} tried ${f.tried}  won ${f.won}  409s ${f.conflicts409}  other ${f.other}  audit entries ${f.auditEntries}  notifications ${f.notifications}  ${JSON.stringify(f.codes)}`,
          )
          .join('\n')}`,
      );
    }
  });

  it(`lets one of ${RACERS} district officials activate the contract; the others get 409`, async () => {
    const officials = await users({ role: 'district_civil_affairs', district: '370102' }, 'lixia.mz', RACERS);
    const result = await race(
      officials.map(
        (token) => () =>
          api('POST', `/contracts/${contractId}/status`, {
            headers: as(token),
            body: { version: 1, to: 'active' },
          }),
      ),
      200,
    );
    const audit = (await auditOf('contract', contractId)).filter((r) => r.action === 'contract.active');
    figures.push({
      transition: 'contract draft → active',
      tried: RACERS,
      won: result.won,
      conflicts409: result.conflicts409,
      other: RACERS - result.won - result.conflicts409,
      codes: result.codes,
      auditEntries: audit.length,
      notifications: 0,
    });
    expect(result.won).toBe(1);
    expect(result.conflicts409).toBe(RACERS - 1);
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actor.username).toMatch(/^lixia\.mz\.\d+$/);
    const contract = (await api('GET', `/contracts/${contractId}`, { as: 'lixia.mz' })).body;
    expect(contract).toMatchObject({ status: 'active', version: 2 });
    // The activation's own writes (report slots) exist once: ids are unique and the plan is complete.
    const slots = (await api('GET', `/reports?contractId=${contractId}&limit=100`, { as: 'lixia.mz' })).body
      .items as { id: string }[];
    expect(new Set(slots.map((s) => s.id)).size).toBe(slots.length);
    expect(slots.length).toBeGreaterThanOrEqual(13);
  });

  it(`lets one of ${RACERS} finance clerks pay the whole tranche; nothing is paid twice`, async () => {
    const clerks = await users({ role: 'district_finance', district: '370102' }, 'lixia.cz', RACERS);
    const result = await race(
      clerks.map(
        (token) => () =>
          api('POST', `/contracts/${contractId}/disbursements`, {
            headers: as(token),
            body: { seq: 1, amountFen: 30_000_000, paidOn: '2026-01-15', paidBeforeFen: 0 },
          }),
      ),
      201,
    );
    const audit = (await auditOf('contract', contractId)).filter((r) => r.action === 'funds.disburse');
    const paid = (await inbox('op.a')).filter((n) => n.type === 'funds.disbursed');
    figures.push({
      transition: 'tranche 1 paid in full',
      tried: RACERS,
      won: result.won,
      conflicts409: result.conflicts409,
      other: RACERS - result.won - result.conflicts409,
      codes: result.codes,
      auditEntries: audit.length,
      notifications: paid.length,
    });
    expect(result.won).toBe(1);
    // Every clerk saw nothing paid (paidBeforeFen 0): one who read before the winner committed loses on the
    // tranche's version, one who read after finds the paid amount changed; both are 409, whatever the timing.
    expect(result.conflicts409).toBe(RACERS - 1);
    expect(result.losers.every((a) => a.contentType.includes('application/problem+json'))).toBe(true);
    expect(audit).toHaveLength(1);
    expect(paid).toHaveLength(1);
    const payments = (await api('GET', `/contracts/${contractId}/payments`, { as: 'lixia.cz' })).body;
    expect(payments.disbursedFen).toBe(30_000_000);
    expect(payments.disbursements).toHaveLength(1);
    expect(payments.tranches[0]).toMatchObject({ seq: 1, paidFen: 30_000_000, status: 'paid' });
  });

  it(`lets one of ${RACERS} reviewers (district and street) decide one report review; the others get 409`, async () => {
    const slotId = `${contractId}-M202610`;
    const bytes = await makePdf(BRIEF);
    const ticket = await api('POST', `/reports/${slotId}/upload-url`, {
      as: 'op.a',
      body: { contentType: 'application/pdf', bytes: bytes.byteLength, fileName: '10月简报.pdf' },
    });
    expect(ticket.status).toBe(201);
    await fetch(ticket.body.url, {
      method: 'PUT',
      headers: { 'content-type': 'application/pdf' },
      body: bytes,
    });
    await runtime.s3.drain();
    const slot = (await api('GET', `/reports/${slotId}`, { as: 'lixia.mz' })).body.slot;
    expect(slot).toMatchObject({ status: 'submitted', currentUploadId: ticket.body.uploadId });

    const reviewers = [
      ...(await users({ role: 'district_civil_affairs', district: '370102' }, 'reviewer.mz', RACERS / 2)),
      ...(await users(
        { role: 'street_office', district: '370102', street: '370102001' },
        'reviewer.jd',
        RACERS / 2,
      )),
    ];
    const result = await race(
      reviewers.map(
        (token, i) => () =>
          api('POST', `/reports/${slotId}/review`, {
            headers: as(token),
            body:
              i % 2 === 0
                ? { version: slot.version, uploadId: slot.currentUploadId, decision: 'accept' }
                : {
                    version: slot.version,
                    uploadId: slot.currentUploadId,
                    decision: 'return',
                    comment: '请补充活动照片',
                  },
          }),
      ),
      200,
    );
    const audit = (await auditOf('report', slotId)).filter(
      (r) => r.action === 'report.accept' || r.action === 'report.return',
    );
    const told = (await inbox('op.a')).filter(
      (n) => (n.type === 'report.accepted' || n.type === 'report.returned') && n.subject.id === slotId,
    );
    figures.push({
      transition: 'report review (accept | return)',
      tried: RACERS,
      won: result.won,
      conflicts409: result.conflicts409,
      other: RACERS - result.won - result.conflicts409,
      codes: result.codes,
      auditEntries: audit.length,
      notifications: told.length,
    });
    expect(result.won).toBe(1);
    expect(result.conflicts409).toBe(RACERS - 1);
    expect(audit).toHaveLength(1);
    expect(told).toHaveLength(1);
    const after = (await api('GET', `/reports/${slotId}`, { as: 'lixia.mz' })).body.slot;
    expect(after.version).toBe(slot.version + 1);
    expect(audit[0]?.action).toBe(
      result.winner?.body.status === 'returned' ? 'report.return' : 'report.accept',
    );
  });

  it(`lets one of ${RACERS} district officials decide a public objection; the others get 409`, async () => {
    const evaluationVersion = async (id: string) =>
      (await api('GET', `/evaluations/${id}`, { as: 'city.mz' })).body.version as number;
    const created = await api('POST', `/contracts/${contractId}/evaluations`, {
      as: 'lixia.mz',
      body: {
        serviceYear: 1,
        evaluator: { orgId: 'org-tp-a', name: '第三方评估机构 A' },
        planned: { start: '2026-12-01', end: '2026-12-20' },
      },
    });
    expect(created.status).toBe(201);
    const evaluationId = created.body.id as string;
    for (const [who, body] of [
      ['tp.a', { indicators: THIRD_PARTY_INDICATORS }],
      ['lixia.mz', { score: 90.33 }],
      ['jiefanglu.jd', { score: 78.11 }],
    ] as const) {
      const scored = await api('PUT', `/evaluations/${evaluationId}/scores`, {
        as: who,
        body: { version: await evaluationVersion(evaluationId), ...body },
      });
      expect(scored.status, JSON.stringify(scored.body)).toBe(200);
    }
    const report = await makePdf(EVAL_REPORT);
    const ticket = await api('POST', `/reports/EVAL-${evaluationId}/upload-url`, {
      as: 'tp.a',
      body: { contentType: 'application/pdf', bytes: report.byteLength },
    });
    await fetch(ticket.body.url, {
      method: 'PUT',
      headers: { 'content-type': 'application/pdf' },
      body: report,
    });
    await runtime.s3.drain();
    for (const step of ['confirmation', 'publicity']) {
      const res = await api('POST', `/evaluations/${evaluationId}/${step}`, {
        as: 'lixia.mz',
        body: { version: await evaluationVersion(evaluationId) },
      });
      expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
    }
    const notice = (await api('GET', '/public/publicity?status=open')).body.items[0] as { id: string };
    const objection = await api('POST', `/public/publicity/${notice.id}/objections`, {
      body: { content: '服务对象满意度抽样偏少' },
    });
    expect(objection.status).toBe(201);

    const officials = await users(
      { role: 'district_civil_affairs', district: '370102' },
      'decider.mz',
      RACERS,
    );
    const result = await race(
      officials.map(
        (token, i) => () =>
          api('POST', `/objections/${objection.body.id}/decision`, {
            headers: as(token),
            body:
              i % 2 === 0
                ? { version: 1, outcome: 'rejected', opinion: '抽样符合评估标准，质疑不成立' }
                : { version: 1, outcome: 'upheld', opinion: '抽样不足，质疑成立' },
          }),
      ),
      200,
    );
    const audit = (await auditOf('objection', objection.body.id)).filter((r) =>
      r.action.startsWith('objection.'),
    );
    const told = (await inbox('city.mz')).filter((n) => n.type === 'evaluation.objection-decided');
    figures.push({
      transition: 'objection decision (upheld | rejected)',
      tried: RACERS,
      won: result.won,
      conflicts409: result.conflicts409,
      other: RACERS - result.won - result.conflicts409,
      codes: result.codes,
      auditEntries: audit.length,
      notifications: told.length,
    });
    expect(result.won).toBe(1);
    expect(result.conflicts409).toBe(RACERS - 1);
    expect(audit).toHaveLength(1);
    expect(told).toHaveLength(1);
    // The notice and the evaluation moved with the winner's decision only.
    const outcome = result.winner?.body.status as 'upheld' | 'rejected';
    expect(audit[0]?.action).toBe(`objection.${outcome}`);
    const evaluation = (await api('GET', `/evaluations/${evaluationId}`, { as: 'city.mz' })).body;
    expect(evaluation.status).toBe(outcome === 'upheld' ? 'scoring' : 'in_publicity');
    const listed = (
      await api('GET', `/public/publicity?status=${outcome === 'upheld' ? 'withdrawn' : 'open'}`)
    ).body.items as { id: string }[];
    expect(listed.map((n) => n.id)).toContain(notice.id);
  });
});
