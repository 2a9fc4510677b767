import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lambdaContext, loadHandler } from '#infra/local/api-gateway';
import { startScheduler } from '#infra/local/scheduler';
import { queryAudit } from '#shared/adapters/dynamodb/audit.repository';
import { getDelivery } from '#shared/adapters/dynamodb/deliveries.repository';
import { disbursementsOf, trancheStates } from '#shared/adapters/dynamodb/funds.repository';
import { listPolicyVersions } from '#shared/adapters/dynamodb/policy.repository';
import { createSlotWrite, getSlot, queryInbox } from '#shared/adapters/dynamodb/reports.repository';
import { commitWithAudit } from '#shared/adapters/dynamodb/unit-of-work';
import { loadWorkingCalendar } from '#shared/application/calendar/calendar.use-case';
import { changeContractStatus, registerContract } from '#shared/application/contracts/contracts.use-case';
import { recordDisbursement } from '#shared/application/funds/payments.use-case';
import { writeSettings } from '#shared/application/reports/notifications.use-case';
import { ensureAnnualSlots } from '#shared/application/reports/reports.use-case';
import { createStation } from '#shared/application/stations/stations.use-case';
import { resetClock, setClock } from '#shared/clock';
import { contractReportPlan, openSlot } from '#shared/domain/reports/report-slot';
import type { Notification } from '#shared/domain/reports/submission';
import { routes } from '#shared/manifest';
import { actor, LIXIA, lixiaOfficial, principal } from '#test/helpers/actors';
import { contractTerms } from '#test/helpers/contracts';
import {
  always,
  every,
  type Fault,
  type FaultRule,
  first,
  injectFaults,
  isInjected,
  nth,
} from '#test/helpers/faults';
import { freshTables } from '#test/helpers/tables';

const clerk = principal('district_finance', { district: LIXIA });
const operatorA = principal('operator', { org: 'org-op-a' });
const OP_EMAIL = 'op-a@example.test';
const DISTRICT_EMAIL = 'lixia@example.test';
const TRANSIENT: readonly Fault[] = ['throttle', 'provisioned', 'timeout', 'lost-response'];

interface Totals {
  injected: number;
  retriedAndSucceeded: number;
  failedCleanly: number;
  halfApplied: number;
}
const totals: Totals = { injected: 0, retriedAndSucceeded: 0, failedCleanly: 0, halfApplied: 0 };
const rows: string[] = [];

function outboxLines(dir: string): { to: string; subject: string; text: string }[] {
  const file = join(dir, 'outbox.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l));
}

async function inboxOf(party: string): Promise<Notification[]> {
  const out: Notification[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await queryInbox({ party, unreadOnly: false, limit: 500, ...(start ? { start } : {}) });
    out.push(...page.items);
    start = page.lastKey;
  } while (start);
  return out;
}

/** The API Gateway payload-2.0 event the local runtime builds, for a route's own Lambda handler. */
function routeEvent(
  routeId: keyof typeof routes,
  pathParameters: Record<string, string>,
  body: unknown,
  claims: Record<string, string>,
): APIGatewayProxyEventV2 {
  const route = routes[routeId];
  const rawPath = Object.entries(pathParameters).reduce(
    (path: string, [k, v]) => path.replace(`{${k}}`, v),
    route.path as string,
  );
  return {
    version: '2.0',
    routeKey: `${route.method} ${route.path}`,
    rawPath,
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    pathParameters,
    requestContext: {
      requestId: `faults-${Math.random().toString(36).slice(2)}`,
      routeKey: `${route.method} ${route.path}`,
      http: {
        method: route.method,
        path: rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'faults',
      },
      authorizer: { jwt: { claims, scopes: [] } },
    } as unknown as APIGatewayProxyEventV2['requestContext'],
    isBase64Encoded: false,
    body: JSON.stringify(body),
  };
}

/**
 * Throttling and timeouts injected into the real DynamoDB document client (a client middleware, test/helpers/faults.ts)
 * while use cases, a route's Lambda handler and a scheduled job run against DynamoDB Local. A request either
 * succeeds after the SDK's own retry, or fails cleanly: a thrown error (retryable for throttling and timeouts) or a
 * problem+json 5xx from the handler, with nothing of the change stored — records, audit log, inbox and outbox
 * compared before and after each request.
 */
describe('a payment under DynamoDB throttling and timeouts (R25.1, R29.1)', () => {
  let outbox: string;
  let contractId: string;

  const snapshot = async () => {
    const [states, disbursements, audit, inbox] = await Promise.all([
      trancheStates(contractId),
      disbursementsOf(contractId),
      queryAudit({ entityType: 'contract', entityId: contractId }, 1000),
      inboxOf('operator:org-op-a'),
    ]);
    return {
      paidFen: states.find((s) => s.seq === 1)?.paidFen ?? 0,
      trancheVersion: states.find((s) => s.seq === 1)?.version ?? 0,
      disbursements: disbursements.length,
      audit: audit.items.filter((r) => r.action === 'funds.disburse').length,
      inbox: inbox.filter((n) => n.type === 'funds.disbursed').length,
      // Its e-mail, made a delivery right after the commit for the notice-delivery job to send.
      emails: (
        await Promise.all(
          inbox.filter((n) => n.type === 'funds.disbursed').map((n) => getDelivery(n.party, n.id, 'email')),
        )
      ).filter((d) => d?.recipient === OP_EMAIL).length,
    };
  };
  type Snapshot = Awaited<ReturnType<typeof snapshot>>;
  const AMOUNT = 100_000;
  const applied = (b: Snapshot, a: Snapshot) =>
    a.paidFen === b.paidFen + AMOUNT &&
    a.trancheVersion === b.trancheVersion + 1 &&
    a.disbursements === b.disbursements + 1 &&
    a.audit === b.audit + 1 &&
    a.inbox === b.inbox + 1 &&
    a.emails === b.emails + 1;
  const untouched = (b: Snapshot, a: Snapshot) => JSON.stringify(a) === JSON.stringify(b);

  /**
   * One request under the given faults, on a fresh client (full retry quota). Classified against the state before
   * it: applied exactly once, or not at all; anything else is half-applied.
   */
  async function underFaults(label: string, faultRules: FaultRule[], run: () => Promise<number | undefined>) {
    const before = await snapshot();
    const faults = injectFaults();
    for (const rule of faultRules) faults.add(rule);
    let status: number | undefined;
    let error: unknown;
    try {
      status = await run();
    } catch (e) {
      error = e;
    }
    const attempts = { ...faults.stats.attempts };
    const injected = faults.injectedTotal();
    faults.remove();
    const after = await snapshot();
    const failed = error !== undefined || (status !== undefined && status >= 400);
    const outcome =
      !failed && applied(before, after)
        ? 'succeeded'
        : failed && untouched(before, after)
          ? 'failed cleanly'
          : 'HALF-APPLIED';
    totals.injected += injected;
    if (outcome === 'succeeded' && injected > 0) totals.retriedAndSucceeded += 1;
    if (outcome === 'failed cleanly') totals.failedCleanly += 1;
    if (outcome === 'HALF-APPLIED') totals.halfApplied += 1;
    const e = error as { name?: string; $metadata?: { attempts?: number } } | undefined;
    rows.push(
      `  ${label.padEnd(58)} injected ${String(injected).padStart(2)}  attempts ${JSON.stringify(attempts)}  → ${outcome}${
        e ? ` (${e.name}${e.$metadata?.attempts ? `, SDK attempts ${e.$metadata.attempts}` : ''})` : ''
      }${status ? ` (HTTP ${status})` : ''}`,
    );
    return { outcome, error, status, before, after, injected };
  }

  const pay = () =>
    recordDisbursement(actor(clerk), contractId, { seq: 1, amountFen: AMOUNT, paidOn: '2026-01-15' }).then(
      () => undefined,
    );

  beforeAll(async () => {
    await freshTables();
    outbox = mkdtempSync(join(tmpdir(), 'sgz-faults-outbox-'));
    process.env.MAIL_OUTBOX_DIR = outbox;
    const station = await createStation(actor(lixiaOfficial), {
      districtCode: LIXIA,
      streetCode: '370102001',
      address: '解放路 23 号',
    });
    const contract = await registerContract(actor(lixiaOfficial), station.id, {
      ...contractTerms('LX-FAULTS-2026'),
      servicePeriod: { start: '2026-01-01', end: '2026-12-31' },
    });
    contractId = contract.id;
    await changeContractStatus(actor(lixiaOfficial), contractId, 1, 'active');
    await writeSettings(actor(operatorA), { email: OP_EMAIL, version: 0 });
  });
  afterAll(() => {
    delete process.env.MAIL_OUTBOX_DIR;
    rmSync(outbox, { recursive: true, force: true });
  });

  it('succeeds after the SDK retry when 1 or 2 of its 3 attempts of a read or of the commit fail transiently', async () => {
    const cases: [Fault, number, readonly string[]][] = [];
    for (const fault of TRANSIENT) {
      for (const failing of [1, 2]) {
        cases.push([fault, failing, ['TransactWriteItems']]);
        cases.push([fault, failing, ['Query', 'GetItem']]);
      }
      // The notice leaving the outbox once its e-mail delivery is made (UpdateItem), throttled or timed out
      // before reaching DynamoDB.
      if (fault !== 'lost-response') cases.push([fault, 2, ['UpdateItem']]);
    }
    let succeeded = 0;
    for (const [fault, failing, operations] of cases) {
      const { outcome, injected } = await underFaults(
        `pay 1 000 元; ${fault} × ${failing} on ${operations.join('/')}`,
        [{ fault, operations, attempts: first(failing) }],
        pay,
      );
      expect(outcome, `${fault} × ${failing} on ${operations}`).toBe('succeeded');
      expect(injected).toBeGreaterThanOrEqual(failing);
      succeeded += 1;
    }
    const state = await snapshot();
    expect(state.disbursements).toBe(succeeded);
    expect(state.paidFen).toBe(succeeded * AMOUNT);
    expect(state.audit).toBe(succeeded);
    expect(state.inbox).toBe(succeeded);
    expect(state.emails).toBe(succeeded);
  }, 240_000);

  it('survives a commit whose response is lost on every attempt but the last: the idempotency token makes it one write', async () => {
    // The SDK fills TransactWriteItems' ClientRequestToken once per call and resends it on each retry: a
    // transaction that was applied and whose answer was lost is not applied again.
    const { outcome } = await underFaults(
      'pay; lost-response × 2 on TransactWriteItems (applied 1×)',
      [{ fault: 'lost-response', operations: ['TransactWriteItems'], attempts: first(2) }],
      pay,
    );
    expect(outcome).toBe('succeeded');
  });

  it('fails cleanly, with a retryable error and nothing stored, when the faults outlast the SDK retries', async () => {
    const persistent: [Fault, readonly string[] | undefined, string][] = [
      ['throttle', ['TransactWriteItems'], 'ThrottlingException'],
      ['provisioned', ['TransactWriteItems'], 'ProvisionedThroughputExceededException'],
      ['timeout', ['TransactWriteItems'], 'TimeoutError'],
      ['throttled-transaction', ['TransactWriteItems'], 'TransactionCanceledException'],
      ['crash', ['TransactWriteItems'], 'InjectedCrash'],
      ['throttle', ['Query'], 'ThrottlingException'],
      ['timeout', ['GetItem'], 'TimeoutError'],
    ];
    for (const [fault, operations, name] of persistent) {
      const { outcome, error } = await underFaults(
        `pay; ${fault} on every ${operations?.join('/') ?? 'call'}`,
        [{ fault, ...(operations ? { operations } : {}), attempts: always }],
        pay,
      );
      expect(outcome, `${fault} on ${operations}`).toBe('failed cleanly');
      expect((error as Error).name).toBe(name);
      expect(isInjected(error)).toBe(true);
      const sdkAttempts = (error as { $metadata?: { attempts?: number } }).$metadata?.attempts;
      // Throttling and timeouts were retried by the SDK up to the client's maxAttempts (3) before giving up.
      if (fault === 'throttle' || fault === 'provisioned' || fault === 'timeout') expect(sdkAttempts).toBe(3);
    }
  }, 120_000);

  it('answers problem+json (never a half-applied payment) from the route handler when DynamoDB stays throttled', async () => {
    const handler = await loadHandler<
      (e: APIGatewayProxyEventV2, c: Context) => Promise<APIGatewayProxyStructuredResultV2>
    >(routes.createDisbursement.handler);
    const claims = {
      sub: 'local-lixia.cz',
      'cognito:username': 'lixia.cz',
      'cognito:groups': '[district_finance]',
      'custom:district': LIXIA,
    };
    for (const fault of ['throttle', 'timeout', 'throttled-transaction'] as const) {
      let response: APIGatewayProxyStructuredResultV2 | undefined;
      // What the clerk saw paid on the tranche (read before any fault is injected).
      const paidBeforeFen = (await trancheStates(contractId)).find((t) => t.seq === 1)?.paidFen ?? 0;
      const { outcome, status } = await underFaults(
        `POST /contracts/{id}/disbursements; ${fault} on every commit`,
        [{ fault, operations: ['TransactWriteItems'], attempts: always }],
        async () => {
          response = await handler(
            routeEvent(
              'createDisbursement',
              { id: contractId },
              { seq: 1, amountFen: AMOUNT, paidOn: '2026-01-15', paidBeforeFen },
              claims,
            ),
            lambdaContext('createDisbursement'),
          );
          return response.statusCode;
        },
      );
      expect(outcome).toBe('failed cleanly');
      // Not now rather than no: 503 with when to try again, never a 500.
      expect(status).toBe(503);
      expect(response?.headers?.['content-type']).toContain('application/problem+json');
      expect(response?.headers?.['retry-after']).toMatch(/^\d+$/);
      const problem = JSON.parse(String(response?.body));
      expect(problem).toMatchObject({ status, code: 'STORE_UNAVAILABLE' });
      rows.push(`      → HTTP ${status} ${problem.code} "${problem.title}"`);
    }
    // With the faults gone, the same request goes through once.
    const paidBeforeFen = (await trancheStates(contractId)).find((t) => t.seq === 1)?.paidFen ?? 0;
    const ok = await handler(
      routeEvent(
        'createDisbursement',
        { id: contractId },
        { seq: 1, amountFen: AMOUNT, paidOn: '2026-01-15', paidBeforeFen },
        claims,
      ),
      lambdaContext('createDisbursement'),
    );
    expect(ok.statusCode).toBe(201);
  }, 120_000);
});

const JOB_CONTRACTS = 20;
const jobContractId = (n: number) => `01JF00000000000000000000${String(n).padStart(2, '0')}`;

/**
 * The report-deadlines job (its dispatcher, then its worker over the local queue with SQS's redelivery, as the
 * local runtime runs both; issue 20) over 20 contracts: 40 slots with a step due on 2026-03-03, 80 notifications,
 * 80 e-mails (the operator and the district have an address).
 */
describe('the report-deadlines job under faults: resumes, and sends each notice once (R9.3, B1)', () => {
  let outbox: string;
  // The queue's clock is moved by the drain instead of sleeping out the visibility timeouts.
  let queueTime = 0;
  const scheduler = startScheduler(false, {
    clock: () => queueTime,
    sleep: async (ms) => {
      queueTime += ms;
    },
  });
  const runJob = async (day: string) => {
    setClock(() => new Date(`${day}T00:30:00Z`));
    try {
      return await scheduler.fire('report-deadlines', new Date(`${day}T08:30:00+08:00`));
    } finally {
      resetClock();
    }
  };
  /**
   * The notice-delivery job ten minutes after the run: it sends the e-mails of the deliveries the worker created,
   * and a worker that died (or lost an answer) between a slot's commit and its fan-out left those notices in the
   * outbox, which the job fans out after five minutes, as it does for any function that dies there.
   */
  const sweepOutbox = async (day: string) => {
    const at = new Date(`${day}T00:40:00Z`);
    setClock(() => at);
    try {
      return await scheduler.fire('notice-delivery', at);
    } finally {
      resetClock();
    }
  };
  /**
   * An operator's redrive of the dead-letter queue (SQS StartMessageMoveTask) five minutes after the run, then the
   * worker drains it.
   */
  const redrive = async (day: string) => {
    setClock(() => new Date(`${day}T00:35:00Z`));
    try {
      scheduler.fanOut.queue('report-deadlines').redrive();
      return await scheduler.fanOut.drain('report-deadlines');
    } finally {
      resetClock();
    }
  };
  const notices = async () => [
    ...(await inboxOf('operator:org-op-a')),
    ...(await inboxOf('district_civil_affairs:370102')),
  ];
  /** Per (party, slot, type): how many notifications and how many e-mails. */
  async function deliveryCounts() {
    const notes = await notices();
    const mails = outboxLines(outbox);
    const perNote = new Map<string, number>();
    for (const n of notes) {
      const key = `${n.party}|${n.subject.id}|${n.type}`;
      perNote.set(key, (perNote.get(key) ?? 0) + 1);
    }
    const perMail = new Map<string, number>();
    for (const m of mails) {
      const key = `${m.to}|${m.subject}|${m.text}`;
      perMail.set(key, (perMail.get(key) ?? 0) + 1);
    }
    // Each notice's e-mail delivery (one per notice and channel) must have been sent.
    let unsent = 0;
    for (const n of notes) if ((await getDelivery(n.party, n.id, 'email'))?.status !== 'sent') unsent += 1;
    return { notes: notes.length, mails: mails.length, perNote, perMail, unsent };
  }
  async function auditCounts() {
    const counts: number[] = [];
    for (let n = 1; n <= JOB_CONTRACTS; n++) {
      for (const month of ['M202601', 'M202602']) {
        const audit = await queryAudit(
          { entityType: 'report', entityId: `${jobContractId(n)}-${month}` },
          100,
        );
        counts.push(audit.items.filter((r) => r.action === 'report.deadline-steps').length);
      }
    }
    return counts;
  }

  beforeAll(async () => {
    await freshTables();
    outbox = mkdtempSync(join(tmpdir(), 'sgz-faults-job-outbox-'));
    process.env.MAIL_OUTBOX_DIR = outbox;
    await ensureAnnualSlots(2026, new Date('2026-01-01T00:00:00Z'));
    const [policies, calendar] = await Promise.all([listPolicyVersions(), loadWorkingCalendar()]);
    for (let n = 1; n <= JOB_CONTRACTS; n++) {
      const slots = contractReportPlan(
        {
          id: jobContractId(n),
          servicePeriod: { start: '2026-01-01', end: '2026-12-31' },
          districtCode: LIXIA,
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
    await writeSettings(actor(operatorA), { email: OP_EMAIL, version: 0 });
    await writeSettings(actor(lixiaOfficial), { email: DISTRICT_EMAIL, version: 0 });
  });
  afterAll(() => {
    delete process.env.MAIL_OUTBOX_DIR;
    rmSync(outbox, { recursive: true, force: true });
  });

  it('dies at its 7th slot write, the rest redriven from the dead-letter queue, and sends each notice and e-mail exactly once', async () => {
    // The process dies when it reaches the 7th commit: that commit and every DynamoDB call after it fail.
    const faults = injectFaults().add({
      fault: 'crash',
      operations: ['TransactWriteItems'],
      attempts: nth(7),
      thenDie: true,
    });
    const died = await runJob('2026-03-03');
    const injectedFirst = faults.injectedTotal();
    faults.remove();
    // Every slot was handed on; six were acted on before the worker died, the other 34 failed every delivery and
    // wait in the dead-letter queue.
    expect(died).toEqual({
      examined: 2 * JOB_CONTRACTS,
      dispatched: 2 * JOB_CONTRACTS,
      acted: 6,
      failed: 2 * JOB_CONTRACTS - 6,
    });
    const partial = await deliveryCounts();

    const resumed = await redrive('2026-03-03');
    expect(resumed).toMatchObject({ acted: 2 * JOB_CONTRACTS - 6, deadLettered: 0 });
    await sweepOutbox('2026-03-03');
    const again = await runJob('2026-03-03');
    expect(again).toEqual({ examined: 0, dispatched: 0, acted: 0, failed: 0 });

    const done = await deliveryCounts();
    // Per contract: January overdue + escalation (operator), escalation (district), February reminder (operator).
    expect(done.notes).toBe(4 * JOB_CONTRACTS);
    expect([...done.perNote.values()].every((c) => c === 1)).toBe(true);
    expect(done.perNote.size).toBe(4 * JOB_CONTRACTS);
    expect(done.mails).toBe(4 * JOB_CONTRACTS);
    expect([...done.perMail.values()].every((c) => c === 1)).toBe(true);
    expect(done.unsent).toBe(0);
    expect((await auditCounts()).every((c) => c === 1)).toBe(true);
    expect((await getSlot(`${jobContractId(7)}-M202601`))?.overdue).toBe(true);
    totals.injected += injectedFirst;
    rows.push(
      `  report-deadlines job, crash at write 7 then dead: run 1 ${JSON.stringify(died)} (notes ${partial.notes}, e-mails ${partial.mails}); redrive ${JSON.stringify(resumed)}; run 3 ${JSON.stringify(again)}`,
      `      → notifications ${done.notes} (each once: ${[...done.perNote.values()].every((c) => c === 1)}), e-mails ${done.mails} (each once: ${[...done.perMail.values()].every((c) => c === 1)}), audit per slot ${[...new Set(await auditCounts())].join(',')}`,
    );
  }, 120_000);

  it('acts on every due slot in one run under transient throttling and lost responses, once', async () => {
    // 2026-03-06: the February briefs become overdue (one step per contract, to the operator).
    const before = await deliveryCounts();
    // Transient: the throttling, timeouts and capacity errors never hit a request's last attempt, so the SDK's retries
    // see each request through however the worker's and the deliveries' requests interleave (the counts are shared).
    const faults = injectFaults()
      .add({ fault: 'lost-response', operations: ['TransactWriteItems'], attempts: every(3) })
      .add({
        fault: 'throttle',
        operations: ['TransactWriteItems'],
        attempts: every(4),
        spareLastAttempt: true,
      })
      .add({ fault: 'timeout', operations: ['GetItem', 'Query'], attempts: every(5), spareLastAttempt: true })
      .add({ fault: 'provisioned', operations: ['UpdateItem'], attempts: every(4), spareLastAttempt: true });
    const run = await runJob('2026-03-06');
    const injected = faults.injectedTotal();
    const stats = { ...faults.stats.injected };
    faults.remove();
    // Every slot was handed on and none failed for good. A slot whose transaction was applied and its answer lost
    // three times over is reported failed by the worker, delivered again, and found done: it counts as unchanged,
    // not acted, and its e-mail waits in the outbox for the notice-delivery job.
    expect(run).toMatchObject({ examined: JOB_CONTRACTS, dispatched: JOB_CONTRACTS, failed: 0 });
    expect(injected).toBeGreaterThan(0);
    for (let n = 1; n <= JOB_CONTRACTS; n++) {
      expect((await getSlot(`${jobContractId(n)}-M202602`))?.overdue).toBe(true);
    }
    expect(await runJob('2026-03-06')).toEqual({ examined: 0, dispatched: 0, acted: 0, failed: 0 });
    await sweepOutbox('2026-03-06');
    const after = await deliveryCounts();
    expect(after.notes - before.notes).toBe(JOB_CONTRACTS);
    expect(after.mails - before.mails).toBe(JOB_CONTRACTS);
    expect([...after.perNote.values()].every((c) => c === 1)).toBe(true);
    expect([...after.perMail.values()].every((c) => c === 1)).toBe(true);
    expect(after.unsent).toBe(0);
    totals.injected += injected;
    totals.retriedAndSucceeded += JOB_CONTRACTS;
    rows.push(
      `  report-deadlines job under transient faults ${JSON.stringify(stats)}: ${JSON.stringify(run)}; notes +${after.notes - before.notes}, e-mails +${after.mails - before.mails}, each once`,
    );
  }, 180_000);
});

afterAll(() => {
  console.log(
    `\nfault-injection figures (DynamoDB Local, faults in the document client's middleware stack, SDK maxAttempts 3)\n${rows.join('\n')}\n  TOTAL faults injected ${totals.injected}; requests retried and succeeded ${totals.retriedAndSucceeded}; requests failed cleanly ${totals.failedCleanly}; half-applied ${totals.halfApplied}`,
  );
  expect(totals.halfApplied).toBe(0);
});
