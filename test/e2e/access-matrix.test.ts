import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS, type DemoUser } from '#infra/local/demo-users';
import { DEFAULT_TEMPLATE_PARTS } from '#shared/domain/evaluation/template';
import { type RouteDefinition, type RouteId, routes } from '#shared/manifest';
import { contractTerms, TEST_ID_NUMBERS, testIdNumber } from '#test/helpers/contracts';
import { makePdf } from '#test/helpers/documents';
import { apiClient, startTestRuntime } from '#test/helpers/runtime';

/**
 * The role/scope matrix: every manifest route, called by every demo user (each role, and users whose district
 * or street is not the record's), and without a token. The expectation is stated here independently of the
 * code: public → 2xx; no token → 401; role not on the route → 403; allowed role outside the record's scope →
 * 403; otherwise the route's success status.
 */
type Api = ReturnType<typeof apiClient>;
interface Target {
  readonly name: string;
  readonly district: string;
  readonly street: string;
  /** The operator of the target's contracts. */
  readonly org: string;
  stationId: string;
  contractId: string;
  statusContractId: string;
  progressContractId: string;
  applicationId: string;
  workerId: string;
  freeStreets: string[];
  /** A slot of the active contract with a validated upload, and one still open. */
  submittedSlotId: string;
  uploadId: string;
  openSlotId: string;
  /** Evaluations of the active contract at three stages, a publicity notice and an objection to it. */
  evaluationId: string;
  scoredEvaluationId: string;
  confirmedEvaluationId: string;
  /** An evaluation in publicity that the district's re-evaluation takes back to scoring (its notice withdrawn). */
  publishedEvaluationId: string;
  noticeId: string;
  objectionId: string;
  /** Complaints about the station: one acknowledged with a statement asked of the operator, one fresh, one to close. */
  complaintId: string;
  statementRequestId: string;
  freshComplaintId: string;
  closableComplaintId: string;
  trackingCode: string;
  /** A service record of the active contract and handovers at each stage (open, agreement uploaded, signed, received). */
  recordId: string;
  handoverId: string;
  signHandoverId: string;
  receivableHandoverId: string;
  transferableHandoverId: string;
  /** A failed safety check of the station, an open rectification item raised from it, and one with evidence in. */
  failedCheckId: string;
  rectificationId: string;
  submittedRectificationId: string;
  /** A service recipient of the station, registered by the operator of its active contract. */
  recipientId: string;
  /** A worker on the roster of the station's active contract (STATUS), who gives the service records. */
  serviceWorkerId: string;
  /** A service record (a phone visit) of the station, and a case opened for the recipient (issue 19 item 2). */
  serviceRecordId: string;
  caseId: string;
  /** A volunteer of the station, registered by the operator. */
  volunteerId: string;
  /** A bulk import the target's district opened (its own records: only that district reads it). */
  importId: string;
}

/**
 * Whether a user's scope covers a record of the target: city → all; street office → same street; district roles →
 * same district; organisations → records naming them. `own-list` routes list the caller's own records, which an
 * organisation always may.
 */
function covers(user: DemoUser, target: Target, scoped: Scoped): boolean {
  if (user.role === 'city_civil_affairs' || user.role === 'city_finance') return true;
  if (user.street) return user.street === target.street;
  if (user.district) return user.district === target.district;
  if (user.org) return scoped === 'own-list' || user.org === target.org;
  return false;
}

type Scoped = 'target' | 'city' | 'own-list';
interface Call {
  readonly scoped: Scoped;
  /** Where the general rule does not decide it (e.g. a rule of the route itself), the status for an allowed role. */
  readonly allowed?: (user: DemoUser, target: Target) => number;
  request(api: Api, as: string | undefined, target: Target, n: number): Promise<{ status: number }>;
}

const versionOf = async (api: Api, id: string) =>
  (await api('GET', `/stations/${id}`, { as: 'city.mz' })).body.version as number;
const contractVersion = async (api: Api, id: string) =>
  (await api('GET', `/contracts/${id}`, { as: 'city.mz' })).body.version as number;
const survey = { conductedOn: '2026-01-10', methods: '入户走访、问卷', findings: '困境儿童照护需求集中' };
const book = {
  items: [{ id: 'T1', category: 'child_welfare', title: '困境儿童个案服务', target: 20, unit: '个案' }],
};
const docVersion = async (api: Api, id: string, year: number, kind: string) =>
  (await api('GET', `/contracts/${id}/service-years/${year}/${kind}`, { as: 'city.mz' })).body
    .version as number;
const application = (stationId: string) => ({
  applicantName: '申请单位',
  stationId,
  reason: '社区心理健康服务',
  project: '心理健康进社区',
  serviceNeeds: '每月两次团体辅导',
  funding: { source: '部门预算', amountFen: 5_000_000 },
  staffing: { count: 2, description: '心理咨询师 2 名', excludesStationStaff: true },
});
const MONTHLY_BRIEF = [
  '2026年1月工作简报',
  '本月服务开展情况',
  '开展个案服务 12 个',
  '服务成效',
  '困境儿童照护改善',
  '存在问题',
  '志愿者不足',
  '下月工作计划',
  '开展小组活动',
];

/** Asks for an upload URL as `as`, PUTs the bytes to local S3 and waits for the trigger; returns the upload id. */
async function upload(
  api: Api,
  runtime: Awaited<ReturnType<typeof startTestRuntime>>,
  as: string,
  slotId: string,
  bytes: Uint8Array,
): Promise<string> {
  const ticket = await api('POST', `/reports/${slotId}/upload-url`, {
    as,
    body: { contentType: 'application/pdf', bytes: bytes.byteLength, fileName: '简报.pdf' },
  });
  if (ticket.status !== 201) throw new Error(`upload-url ${ticket.status}: ${JSON.stringify(ticket.body)}`);
  const put = await fetch(ticket.body.url, { method: 'PUT', headers: ticket.body.headers, body: bytes });
  if (!put.ok) throw new Error(`PUT ${put.status}`);
  await runtime.s3.drain();
  return ticket.body.uploadId as string;
}

const EVALUATION_REPORT = ['第三方评估报告', '评估概况', '评估方法', '评估结果', '存在问题', '改进建议'];
const FULL_MARKS = Object.fromEntries(
  DEFAULT_TEMPLATE_PARTS.flatMap((p) =>
    p.indicators.map((i) => [`${p.key}.${i.key}`, i.maxHundredths / 100]),
  ),
);

/**
 * An evaluation of the target's active contract taken to `stage`: commissioned to tp.a; scored by the three
 * parties with the third party's report uploaded; confirmed; published.
 */
async function evaluationAt(
  api: Api,
  runtime: Awaited<ReturnType<typeof startTestRuntime>>,
  t: Target,
  stage: 'commissioned' | 'scored' | 'confirmed' | 'in_publicity',
): Promise<{ id: string; noticeId?: string }> {
  const district = DEMO_USERS.find((u) => u.role === 'district_civil_affairs' && u.district === t.district)
    ?.username as string;
  const street = DEMO_USERS.find((u) => u.street === t.street)?.username as string;
  const created = await api('POST', `/contracts/${t.statusContractId}/evaluations`, {
    as: district,
    body: { serviceYear: 1, evaluator: EVALUATOR, planned: { start: '2026-12-01', end: '2026-12-20' } },
  });
  if (created.status !== 201)
    throw new Error(`commission ${created.status}: ${JSON.stringify(created.body)}`);
  const id = created.body.id as string;
  if (stage === 'commissioned') return { id };
  const version = async () =>
    (await api('GET', `/evaluations/${id}`, { as: 'city.mz' })).body.version as number;
  for (const [as, body] of [
    ['tp.a', { indicators: FULL_MARKS }],
    [district, { score: 90 }],
    [street, { score: 95 }],
  ] as const) {
    const scored = await api('PUT', `/evaluations/${id}/scores`, {
      as,
      body: { version: await version(), ...body },
    });
    if (scored.status !== 200) throw new Error(`scores ${scored.status}: ${JSON.stringify(scored.body)}`);
  }
  await upload(api, runtime, 'tp.a', `EVAL-${id}`, await makePdf(EVALUATION_REPORT));
  if (stage === 'scored') return { id };
  await api('POST', `/evaluations/${id}/confirmation`, { as: district, body: { version: await version() } });
  if (stage === 'confirmed') return { id };
  const notice = await api('POST', `/evaluations/${id}/publicity`, {
    as: district,
    body: { version: await version() },
  });
  return { id, noticeId: notice.body.id as string };
}
const EVALUATOR = { orgId: 'org-tp-a', name: '第三方评估机构 A' };
/** The next operator of each target's station in the handover fixtures: the other demo operator. */
const NEXT_ORG: Record<string, string> = { 'org-op-a': 'org-op-b', 'org-op-b': 'org-op-a' };
/** The service archives of a contract: its holder (the operator, until a transfer), the purchaser, auditors. */
const archiveReader = (user: DemoUser, t: Target) =>
  (user.role === 'operator' && user.org === t.org) ||
  ((user.role === 'district_civil_affairs' || user.role === 'auditor') && user.district === t.district);
const inScope = (user: DemoUser, t: Target) => covers(user, t, 'target');

const isOperator = (username: string | undefined) =>
  DEMO_USERS.find((u) => u.username === username)?.role === 'operator';

/** A service recipient's file: an adult who consented (issue 19). */
const RECIPIENT = {
  name: '测试对象',
  category: 'left_behind_elderly',
  idNumber: TEST_ID_NUMBERS[1],
  phone: '13800000000',
  consent: { givenOn: '2026-01-05', scope: '建档与服务', givenBy: 'self', sensitiveDataConsent: true },
};
/** A person of their own for each new file (a station registers one person once): the fixture's is number 1. */
let nextPerson = 100;
const anotherRecipient = () => ({ ...RECIPIENT, idNumber: testIdNumber(nextPerson++) });
const operatorOf = (t: Target) => DEMO_USERS.find((u) => u.org === t.org)?.username as string;
/** A phone visit by the active contract's worker to the fixture recipient (issue 19 item 2). */
const serviceRecordBody = (t: Target) => ({
  kind: 'visit-phone',
  date: '2026-06-15',
  title: '电话回访',
  workerIds: [t.serviceWorkerId],
  recipientIds: [t.recipientId],
  minutes: 20,
});
const caseBody = (t: Target) => ({
  recipientId: t.recipientId,
  workerId: t.serviceWorkerId,
  presentingProblem: '独居，情绪低落',
  openedOn: '2026-06-15',
});
const recipientVersion = async (api: Api, t: Target, id: string) =>
  (await api('GET', `/recipients/${id}`, { as: operatorOf(t) })).body.version as number;

const calls: Record<RouteId, Call> = {
  getHealth: { scoped: 'city', request: (api, as) => api('GET', '/health', as ? { as } : {}) },
  getReadiness: { scoped: 'city', request: (api, as) => api('GET', '/health/ready', as ? { as } : {}) },
  getOpenApi: { scoped: 'city', request: (api, as) => api('GET', '/openapi.json', as ? { as } : {}) },
  listDivisions: { scoped: 'city', request: (api, as) => api('GET', '/divisions', as ? { as } : {}) },
  createStation: {
    scoped: 'target',
    request: (api, as, t) =>
      api('POST', '/stations', {
        ...(as ? { as } : {}),
        body: { districtCode: t.district, streetCode: t.freeStreets[0], address: '测试地址' },
      }).then((res) => {
        if (res.status === 201) t.freeStreets.shift();
        return res;
      }),
  },
  listStations: {
    scoped: 'target',
    request: (api, as, t) => api('GET', `/stations?district=${t.district}`, as ? { as } : {}),
  },
  getStation: {
    scoped: 'target',
    request: (api, as, t) => api('GET', `/stations/${t.stationId}`, as ? { as } : {}),
  },
  updateStation: {
    scoped: 'target',
    request: async (api, as, t, n) =>
      api('PATCH', `/stations/${t.stationId}`, {
        ...(as ? { as } : {}),
        body: { version: await versionOf(api, t.stationId), address: `测试地址 ${n}` },
      }),
  },
  putStationSite: {
    scoped: 'target',
    request: async (api, as, t) =>
      api('PUT', `/stations/${t.stationId}/site`, {
        ...(as ? { as } : {}),
        body: {
          version: await versionOf(api, t.stationId),
          location: { transport: '地铁', accessibility: '无障碍' },
          equipment: { desks: 1, computers: 1, printers: 1 },
          functionalAreas: [{ kind: 'office', areaM2: 10 }],
        },
      }),
  },
  putStationSignage: {
    scoped: 'target',
    request: async (api, as, t) =>
      api('PUT', `/stations/${t.stationId}/signage`, {
        ...(as ? { as } : {}),
        body: {
          version: await versionOf(api, t.stationId),
          outdoor: { present: true, photoKeys: ['photos/outdoor.jpg'] },
          indoor: { present: false, photoKeys: [] },
        },
      }),
  },
  putStationWorkSystems: {
    scoped: 'target',
    request: async (api, as, t) =>
      api('PUT', `/stations/${t.stationId}/work-systems`, {
        ...(as ? { as } : {}),
        body: {
          version: await versionOf(api, t.stationId),
          systems: {
            finance: { title: '财务管理制度', documentKey: 'docs/finance.pdf', adoptedOn: '2026-01-05' },
          },
        },
      }),
  },
  getStationCompliance: {
    scoped: 'target',
    request: (api, as, t) => api('GET', `/stations/${t.stationId}/compliance`, as ? { as } : {}),
  },
  registerRecipient: {
    scoped: 'target',
    request: (api, as, t) =>
      api('POST', `/stations/${t.stationId}/recipients`, {
        ...(as ? { as } : {}),
        body: anotherRecipient(),
      }),
  },
  listRecipients: {
    scoped: 'target',
    request: (api, as, t) => api('GET', `/stations/${t.stationId}/recipients`, as ? { as } : {}),
  },
  getRecipient: {
    scoped: 'target',
    request: (api, as, t) => api('GET', `/recipients/${t.recipientId}`, as ? { as } : {}),
  },
  updateRecipient: {
    scoped: 'target',
    request: async (api, as, t, n) =>
      api('PUT', `/recipients/${t.recipientId}`, {
        ...(as ? { as } : {}),
        body: { version: await recipientVersion(api, t, t.recipientId), address: `测试地址 ${n}` },
      }),
  },
  revealRecipient: {
    scoped: 'target',
    // The operator of the station's active contract and the district's civil affairs bureau; the street office
    // (masked only) is not on the route.
    request: (api, as, t) =>
      api('POST', `/recipients/${t.recipientId}/personal-data`, {
        ...(as ? { as } : {}),
        body: { reason: '核实' },
      }),
  },
  markRecipientDeletion: {
    scoped: 'target',
    // Each call marks a file of its own, registered just before by the station's operator.
    request: async (api, as, t) => {
      const fresh = await api('POST', `/stations/${t.stationId}/recipients`, {
        as: operatorOf(t),
        body: anotherRecipient(),
      });
      return api('POST', `/recipients/${fresh.body.id}/deletion`, {
        ...(as ? { as } : {}),
        body: { version: fresh.body.version, reason: '本人撤回同意' },
      });
    },
  },
  createServiceRecord: {
    scoped: 'target',
    request: (api, as, t) =>
      api('POST', `/stations/${t.stationId}/service-records`, {
        ...(as ? { as } : {}),
        body: serviceRecordBody(t),
      }),
  },
  listStationServiceRecords: {
    scoped: 'target',
    request: (api, as, t) =>
      api('GET', `/stations/${t.stationId}/service-records?month=2026-06`, as ? { as } : {}),
  },
  getServiceRecord: {
    scoped: 'target',
    request: (api, as, t) => api('GET', `/service-records/${t.serviceRecordId}`, as ? { as } : {}),
  },
  updateServiceRecord: {
    scoped: 'target',
    request: async (api, as, t, n) =>
      api('PUT', `/service-records/${t.serviceRecordId}`, {
        ...(as ? { as } : {}),
        body: {
          version: (await api('GET', `/service-records/${t.serviceRecordId}`, { as: operatorOf(t) })).body
            .version,
          minutes: 10 + (n % 50),
        },
      }),
  },
  voidServiceRecord: {
    scoped: 'target',
    // Each call voids a record of its own, made just before by the station's operator.
    request: async (api, as, t) => {
      const fresh = await api('POST', `/stations/${t.stationId}/service-records`, {
        as: operatorOf(t),
        body: serviceRecordBody(t),
      });
      return api('DELETE', `/service-records/${fresh.body.id}`, {
        ...(as ? { as } : {}),
        body: { version: fresh.body.version, reason: '重复录入' },
      });
    },
  },
  stationServiceHours: {
    scoped: 'target',
    request: (api, as, t) =>
      api('GET', `/stations/${t.stationId}/service-hours?month=2026-06`, as ? { as } : {}),
  },
  districtServiceHours: {
    scoped: 'target',
    request: (api, as, t) =>
      api('GET', `/service-hours?district=${t.district}&month=2026-06`, as ? { as } : {}),
  },
  openCase: {
    scoped: 'target',
    request: (api, as, t) =>
      api('POST', `/stations/${t.stationId}/cases`, { ...(as ? { as } : {}), body: caseBody(t) }),
  },
  listCases: {
    scoped: 'target',
    request: (api, as, t) => api('GET', `/stations/${t.stationId}/cases`, as ? { as } : {}),
  },
  getCase: {
    scoped: 'target',
    request: (api, as, t) => api('GET', `/cases/${t.caseId}`, as ? { as } : {}),
  },
  assessCase: {
    scoped: 'target',
    // Each call assesses a case of its own, opened just before by the station's operator.
    request: async (api, as, t) => {
      const fresh = await api('POST', `/stations/${t.stationId}/cases`, {
        as: operatorOf(t),
        body: caseBody(t),
      });
      return api('POST', `/cases/${fresh.body.id}/assessment`, {
        ...(as ? { as } : {}),
        body: { version: fresh.body.version, on: '2026-06-16', findings: '支持网络薄弱' },
      });
    },
  },
  planCase: {
    scoped: 'target',
    request: async (api, as, t) => {
      const fresh = await api('POST', `/stations/${t.stationId}/cases`, {
        as: operatorOf(t),
        body: caseBody(t),
      });
      const assessed = await api('POST', `/cases/${fresh.body.id}/assessment`, {
        as: operatorOf(t),
        body: { version: fresh.body.version, on: '2026-06-16', findings: '支持网络薄弱' },
      });
      return api('POST', `/cases/${fresh.body.id}/plan`, {
        ...(as ? { as } : {}),
        body: { version: assessed.body.version, on: '2026-06-17', goals: ['每周探访一次'] },
      });
    },
  },
  closeCase: {
    scoped: 'target',
    // The fixture case is still at intake: the station's operator is told it cannot close it yet (409).
    allowed: (user, t) => (user.role === 'operator' && user.org === t.org ? 409 : 403),
    request: async (api, as, t) =>
      api('POST', `/cases/${t.caseId}/closing`, {
        ...(as ? { as } : {}),
        body: { version: 1, on: '2026-06-20', outcome: 'achieved', summary: '目标达成' },
      }),
  },
  registerVolunteer: {
    scoped: 'target',
    request: (api, as, t) =>
      api('POST', `/stations/${t.stationId}/volunteers`, {
        ...(as ? { as } : {}),
        body: { name: '志愿者乙', phone: '13700000000', registeredOn: '2026-06-01' },
      }),
  },
  listVolunteers: {
    scoped: 'target',
    request: (api, as, t) => api('GET', `/stations/${t.stationId}/volunteers`, as ? { as } : {}),
  },
  recordVolunteerHours: {
    scoped: 'target',
    request: (api, as, t) =>
      api('POST', `/stations/${t.stationId}/volunteer-hours`, {
        ...(as ? { as } : {}),
        body: { volunteerId: t.volunteerId, date: '2026-06-15', minutes: 120, activity: '协助社区义诊' },
      }),
  },
  listVolunteerHours: {
    scoped: 'target',
    request: (api, as, t) =>
      api('GET', `/stations/${t.stationId}/volunteer-hours?month=2026-06`, as ? { as } : {}),
  },
  createContract: {
    scoped: 'target',
    request: (api, as, t, n) =>
      api('POST', '/contracts', {
        ...(as ? { as } : {}),
        body: { stationId: t.stationId, ...contractTerms(`MATRIX-${t.district}-${n}`, t.org) },
      }),
  },
  listContracts: {
    scoped: 'own-list',
    request: (api, as, t) =>
      api('GET', isOperator(as) ? '/contracts' : `/contracts?district=${t.district}`, as ? { as } : {}),
  },
  getContract: {
    scoped: 'target',
    request: (api, as, t) => api('GET', `/contracts/${t.contractId}`, as ? { as } : {}),
  },
  updateContract: {
    scoped: 'target',
    request: async (api, as, t, n) => {
      const { operator: _o, ...terms } = contractTerms(`MATRIX-${t.district}-FIXTURE`, t.org);
      return api('PATCH', `/contracts/${t.contractId}`, {
        ...(as ? { as } : {}),
        body: {
          version: await contractVersion(api, t.contractId),
          ...terms,
          operator: { ...contractTerms('', t.org).operator, name: `改名 ${n}` },
        },
      });
    },
  },
  changeContractStatus: {
    scoped: 'target',
    // The fixture activated the contract (creating its report slots); the call ends it.
    request: async (api, as, t) =>
      api('POST', `/contracts/${t.statusContractId}/status`, {
        ...(as ? { as } : {}),
        body: { version: await contractVersion(api, t.statusContractId), to: 'terminated' },
      }),
  },
  putKeyDomains: {
    scoped: 'target',
    request: async (api, as, t) =>
      api('PUT', `/contracts/${t.contractId}/service-years/1/key-domains`, {
        ...(as ? { as } : {}),
        body: {
          version: await contractVersion(api, t.contractId),
          domains: ['social_assistance', 'child_welfare'],
        },
      }),
  },
  addWorker: {
    scoped: 'target',
    request: (api, as, t) =>
      api('POST', `/contracts/${t.contractId}/workers`, {
        ...(as ? { as } : {}),
        body: {
          name: '测试社工',
          qualification: 'assistant',
          idNumber: TEST_ID_NUMBERS[1],
          startOn: '2026-01-01',
        },
      }),
  },
  listWorkers: {
    scoped: 'target',
    request: (api, as, t) => api('GET', `/contracts/${t.contractId}/workers`, as ? { as } : {}),
  },
  updateWorker: {
    scoped: 'target',
    request: async (api, as, t) => {
      const roster = await api('GET', `/contracts/${t.contractId}/workers`, { as: 'city.mz' });
      const version = (roster.body.items as { id: string; version: number }[]).find(
        (w) => w.id === t.workerId,
      )?.version;
      return api('PATCH', `/contracts/${t.contractId}/workers/${t.workerId}`, {
        ...(as ? { as } : {}),
        body: { version, qualification: 'intermediate' },
      });
    },
  },
  revealWorker: {
    scoped: 'target',
    allowed: (user, t) =>
      (user.role === 'operator' && user.org === t.org) ||
      (user.role === 'district_civil_affairs' && user.district === t.district)
        ? 200
        : 403,
    request: (api, as, t) =>
      api('POST', `/contracts/${t.contractId}/workers/${t.workerId}/personal-data`, as ? { as } : {}),
  },
  putNeedsSurvey: {
    scoped: 'target',
    request: async (api, as, t) =>
      api('PUT', `/contracts/${t.contractId}/service-years/1/needs-survey`, {
        ...(as ? { as } : {}),
        body: { ...survey, version: await docVersion(api, t.contractId, 1, 'needs-survey') },
      }),
  },
  getNeedsSurvey: {
    scoped: 'target',
    request: (api, as, t) =>
      api('GET', `/contracts/${t.contractId}/service-years/1/needs-survey`, as ? { as } : {}),
  },
  confirmNeedsSurvey: {
    scoped: 'target',
    request: async (api, as, t) =>
      api('POST', `/contracts/${t.contractId}/service-years/1/needs-survey/confirmations`, {
        ...(as ? { as } : {}),
        body: { version: await docVersion(api, t.contractId, 1, 'needs-survey') },
      }),
  },
  putTaskBook: {
    scoped: 'target',
    request: async (api, as, t) =>
      api('PUT', `/contracts/${t.contractId}/service-years/2/task-book`, {
        ...(as ? { as } : {}),
        body: { ...book, version: await docVersion(api, t.contractId, 2, 'task-book') },
      }),
  },
  getTaskBook: {
    scoped: 'target',
    request: (api, as, t) =>
      api('GET', `/contracts/${t.contractId}/service-years/2/task-book`, as ? { as } : {}),
  },
  confirmTaskBook: {
    scoped: 'target',
    request: async (api, as, t) =>
      api('POST', `/contracts/${t.contractId}/service-years/2/task-book/confirmations`, {
        ...(as ? { as } : {}),
        body: { version: await docVersion(api, t.contractId, 2, 'task-book') },
      }),
  },
  putTaskProgress: {
    scoped: 'target',
    request: (api, as, t) =>
      api('PUT', `/contracts/${t.progressContractId}/service-years/1/task-book/tasks/T1/progress`, {
        ...(as ? { as } : {}),
        body: { actual: 5, asOf: '2026-06-30' },
      }),
  },
  addSupervisionSession: {
    scoped: 'target',
    request: (api, as, t) =>
      api('POST', `/contracts/${t.contractId}/supervision-sessions`, {
        ...(as ? { as } : {}),
        body: {
          heldOn: '2026-10-15',
          supervisor: { name: '督导甲', qualification: '高级社会工作师' },
          workerIds: [t.workerId],
          minutes: 90,
          topics: ['个案会谈技巧'],
        },
      }),
  },
  listSupervisionSessions: {
    scoped: 'target',
    request: (api, as, t) => api('GET', `/contracts/${t.contractId}/supervision-sessions`, as ? { as } : {}),
  },
  addMeeting: {
    scoped: 'target',
    request: (api, as, t) =>
      api('POST', `/contracts/${t.contractId}/coordination-meetings`, {
        ...(as ? { as } : {}),
        body: {
          heldOn: '2026-10-20',
          parties: ['district', 'street', 'station'],
          issues: ['场地共享安排'],
          followUps: [{ action: '调整活动室排期', owner: '街道', dueOn: '2026-11-01' }],
        },
      }),
  },
  listMeetings: {
    scoped: 'target',
    request: (api, as, t) => api('GET', `/contracts/${t.contractId}/coordination-meetings`, as ? { as } : {}),
  },
  addSafetyCheck: {
    scoped: 'target',
    request: (api, as, t) =>
      api('POST', `/stations/${t.stationId}/safety-checks`, {
        ...(as ? { as } : {}),
        body: { checkedOn: '2026-11-02', items: [{ item: '消防器材', ok: true }] },
      }),
  },
  listSafetyChecks: {
    scoped: 'target',
    request: (api, as, t) => api('GET', `/stations/${t.stationId}/safety-checks`, as ? { as } : {}),
  },
  addReferral: {
    scoped: 'target',
    request: (api, as, t) =>
      api('POST', `/stations/${t.stationId}/referrals`, {
        ...(as ? { as } : {}),
        body: {
          referredOn: '2026-11-03',
          direction: 'to_station',
          counterpart: '街道民政科',
          reason: '低保家庭儿童照护',
          caseRef: 'C-2026-001',
        },
      }),
  },
  listReferrals: {
    scoped: 'target',
    request: (api, as, t) => api('GET', `/stations/${t.stationId}/referrals`, as ? { as } : {}),
  },
  createPlatformApplication: {
    scoped: 'target',
    // A city-level department may apply for any station; a street office only for a station of its district.
    allowed: (user, t) => (user.role === 'department' || user.street === t.street ? 201 : 422),
    request: (api, as, t) =>
      api('POST', '/platform-applications', { ...(as ? { as } : {}), body: application(t.stationId) }),
  },
  listPlatformApplications: {
    scoped: 'city',
    request: (api, as) => api('GET', '/platform-applications', as ? { as } : {}),
  },
  getPlatformApplication: {
    scoped: 'target',
    request: (api, as, t) => api('GET', `/platform-applications/${t.applicationId}`, as ? { as } : {}),
  },
  decidePlatformApplication: {
    scoped: 'target',
    // The fixture is a district-level application: only that district's civil affairs decides it.
    allowed: (user, t) =>
      user.role === 'district_civil_affairs' && user.district === t.district ? 200 : 403,
    request: async (api, as, t) =>
      api('POST', `/platform-applications/${t.applicationId}/decision`, {
        ...(as ? { as } : {}),
        body: {
          version: (await api('GET', `/platform-applications/${t.applicationId}`, { as: 'city.mz' })).body
            .version,
          outcome: 'rejected',
          reason: '经费安排不明确',
        },
      }),
  },
  putCalendarYear: {
    scoped: 'city',
    request: (api, as) =>
      api('PUT', '/calendar/years/2031', {
        ...(as ? { as } : {}),
        body: { holidays: ['2031-10-01'], workdays: [], basis: '测试' },
      }),
  },
  getWorkingDays: {
    scoped: 'city',
    request: (api, as) =>
      api('GET', '/calendar/working-days?from=2026-12-28&to=2027-01-04', as ? { as } : {}),
  },
  listPolicies: { scoped: 'city', request: (api, as) => api('GET', '/policies', as ? { as } : {}) },
  createPolicy: {
    scoped: 'city',
    request: async (api, as, _t, n) => {
      const current = await api('GET', '/policies', { as: 'city.mz' });
      const parameters = current.body.versions[0].parameters;
      const year = 2100 + n;
      return api('POST', '/policies', {
        ...(as ? { as } : {}),
        body: {
          name: `测试版本 ${n}`,
          basis: '测试',
          validFrom: `${year}-01-01`,
          validTo: `${year}-12-31`,
          parameters,
        },
      });
    },
  },
  listAudit: {
    scoped: 'target',
    request: (api, as, t) => api('GET', `/audit?district=${t.district}`, as ? { as } : {}),
  },
  listReports: {
    scoped: 'target',
    request: (api, as, t) => api('GET', `/reports?contractId=${t.statusContractId}`, as ? { as } : {}),
  },
  getReportTimeliness: {
    scoped: 'target',
    request: (api, as, t) =>
      api('GET', `/reports/timeliness?year=2026&district=${t.district}`, as ? { as } : {}),
  },
  getReport: {
    scoped: 'target',
    request: (api, as, t) => api('GET', `/reports/${t.submittedSlotId}`, as ? { as } : {}),
  },
  getReportDraft: {
    scoped: 'target',
    // The brief's draft: its contract's operator and its district (the street office reviews the upload instead).
    request: (api, as, t) => api('GET', `/reports/${t.openSlotId}/draft?format=docx`, as ? { as } : {}),
  },
  createReportUploadUrl: {
    scoped: 'target',
    // Only the submitter asks: the contract's operator (a district official uploads its annual report only).
    allowed: (user, t) => (user.role === 'operator' && user.org === t.org ? 201 : 403),
    request: (api, as, t) =>
      api('POST', `/reports/${t.openSlotId}/upload-url`, {
        ...(as ? { as } : {}),
        body: { contentType: 'application/pdf', bytes: 2048, fileName: '简报.pdf' },
      }),
  },
  reviewReport: {
    scoped: 'target',
    // Only the recipients review: the district civil affairs bureau and the street office of the station.
    allowed: (user, t) =>
      (user.role === 'district_civil_affairs' && user.district === t.district) ||
      (user.role === 'street_office' && user.street === t.street)
        ? 200
        : 403,
    request: async (api, as, t) => {
      const slot = (await api('GET', `/reports/${t.submittedSlotId}`, { as: 'city.mz' })).body.slot;
      return api('POST', `/reports/${t.submittedSlotId}/review`, {
        ...(as ? { as } : {}),
        body: { version: slot.version, uploadId: slot.currentUploadId, decision: 'accept' },
      });
    },
  },
  createReportDownloadUrl: {
    scoped: 'target',
    request: (api, as, t) =>
      api('POST', `/reports/${t.submittedSlotId}/versions/${t.uploadId}/download-url`, as ? { as } : {}),
  },
  listNotifications: { scoped: 'city', request: (api, as) => api('GET', '/notifications', as ? { as } : {}) },
  listNotificationDeliveries: {
    scoped: 'target',
    request: (api, as, t) =>
      api('GET', `/notification-deliveries?status=failed&district=${t.district}`, as ? { as } : {}),
  },
  markNotificationRead: {
    scoped: 'city',
    // Each party reads its own inbox: the fixtures left notices for the districts, streets, operators and the
    // commissioned third party.
    allowed: (user) =>
      ['district_civil_affairs', 'street_office', 'operator', 'third_party'].includes(user.role) ? 200 : 404,
    request: async (api, as) => {
      const inbox = as ? (await api('GET', '/notifications?limit=1', { as })).body : undefined;
      const id = inbox?.items?.[0]?.id ?? '01JD00000000000000000000ZZ';
      return api('POST', `/notifications/${id}/read`, as ? { as } : {});
    },
  },
  getNotificationSettings: {
    scoped: 'city',
    request: (api, as) => api('GET', '/notification-settings', as ? { as } : {}),
  },
  putNotificationSettings: {
    scoped: 'city',
    request: async (api, as) => {
      const current = as ? (await api('GET', '/notification-settings', { as })).body.version : 0;
      return api('PUT', '/notification-settings', {
        ...(as ? { as } : {}),
        body: { email: `${as ?? 'nobody'}@example.test`, version: current ?? 0 },
      });
    },
  },
  createInspection: {
    scoped: 'city',
    request: (api, as, t) =>
      api('POST', '/inspections', {
        ...(as ? { as } : {}),
        body: {
          year: 2026,
          districtCode: t.district,
          inspectedOn: '2026-11-20',
          inspectors: '市民政局、市财政局联合检查组',
          findings: '台账齐全',
        },
      }),
  },
  listInspections: {
    scoped: 'target',
    request: (api, as, t) => api('GET', `/inspections?year=2026&district=${t.district}`, as ? { as } : {}),
  },
  listEvaluationTemplates: {
    scoped: 'city',
    request: (api, as) => api('GET', '/evaluation-templates', as ? { as } : {}),
  },
  createEvaluationTemplate: {
    scoped: 'city',
    request: (api, as) =>
      api('POST', '/evaluation-templates', {
        ...(as ? { as } : {}),
        body: {
          name: '测试版本',
          basis: '测试',
          parts: DEFAULT_TEMPLATE_PARTS.map((p) => ({
            key: p.key,
            name: p.name,
            indicators: p.indicators.map((i) => ({
              key: i.key,
              name: i.name,
              maxPoints: i.maxHundredths / 100,
              guidance: i.guidance,
            })),
          })),
        },
      }),
  },
  commissionEvaluation: {
    scoped: 'target',
    request: (api, as, t) =>
      api('POST', `/contracts/${t.statusContractId}/evaluations`, {
        ...(as ? { as } : {}),
        body: { serviceYear: 1, evaluator: EVALUATOR, planned: { start: '2026-12-01', end: '2026-12-20' } },
      }),
  },
  listEvaluations: {
    scoped: 'target',
    request: (api, as, t) => api('GET', `/evaluations?district=${t.district}`, as ? { as } : {}),
  },
  getEvaluation: {
    scoped: 'target',
    // The commissioned third party reads it too.
    allowed: (user, t) => (user.org === EVALUATOR.orgId || inScope(user, t) ? 200 : 403),
    request: (api, as, t) => api('GET', `/evaluations/${t.evaluationId}`, as ? { as } : {}),
  },
  getEvaluationServiceEvidence: {
    scoped: 'target',
    // As the evaluation itself: the commissioned third party sees the evidence too.
    allowed: (user, t) => (user.org === EVALUATOR.orgId || inScope(user, t) ? 200 : 403),
    request: (api, as, t) => api('GET', `/evaluations/${t.evaluationId}/service-evidence`, as ? { as } : {}),
  },
  putEvaluationScores: {
    scoped: 'target',
    // Each party scores its own part: the commissioned third party, the district, the station's street office.
    allowed: (user, t) =>
      user.org === EVALUATOR.orgId ||
      (user.role === 'district_civil_affairs' && user.district === t.district) ||
      (user.role === 'street_office' && user.street === t.street)
        ? 200
        : 403,
    request: async (api, as, t) => {
      const current = await api('GET', `/evaluations/${t.evaluationId}`, { as: 'city.mz' });
      const role = DEMO_USERS.find((u) => u.username === as)?.role;
      return api('PUT', `/evaluations/${t.evaluationId}/scores`, {
        ...(as ? { as } : {}),
        body: {
          version: current.body.version,
          ...(role === 'third_party' ? { indicators: FULL_MARKS } : { score: 88.5 }),
        },
      });
    },
  },
  confirmEvaluation: {
    scoped: 'target',
    request: async (api, as, t) =>
      api('POST', `/evaluations/${t.scoredEvaluationId}/confirmation`, {
        ...(as ? { as } : {}),
        body: {
          version: (await api('GET', `/evaluations/${t.scoredEvaluationId}`, { as: 'city.mz' })).body.version,
        },
      }),
  },
  reEvaluateEvaluation: {
    scoped: 'target',
    // The district of the evaluation only (not its street office, third party or the city).
    request: async (api, as, t) =>
      api('POST', `/evaluations/${t.publishedEvaluationId}/re-evaluation`, {
        ...(as ? { as } : {}),
        body: {
          version: (await api('GET', `/evaluations/${t.publishedEvaluationId}`, { as: 'city.mz' })).body
            .version,
          reason: '第三方评估报告引用的台账数据有误，重新评估',
        },
      }),
  },
  publishEvaluation: {
    scoped: 'target',
    request: async (api, as, t) =>
      api('POST', `/evaluations/${t.confirmedEvaluationId}/publicity`, {
        ...(as ? { as } : {}),
        body: {
          version: (await api('GET', `/evaluations/${t.confirmedEvaluationId}`, { as: 'city.mz' })).body
            .version,
        },
      }),
  },
  listPublicity: {
    scoped: 'city',
    request: (api, as) => api('GET', '/public/publicity?status=open', as ? { as } : {}),
  },
  lodgeObjection: {
    scoped: 'target',
    request: (api, as, t, n) =>
      api('POST', `/public/publicity/${t.noticeId}/objections`, {
        ...(as ? { as } : {}),
        body: { content: `质疑 ${n}`, contact: '13800000000' },
      }),
  },
  listObjections: {
    scoped: 'target',
    request: (api, as, t) => api('GET', `/objections?district=${t.district}`, as ? { as } : {}),
  },
  listBudgets: { scoped: 'city', request: (api, as) => api('GET', '/budgets/2026', as ? { as } : {}) },
  putBudget: {
    scoped: 'target',
    request: async (api, as, t) => {
      const budgets = (await api('GET', '/budgets/2026', { as: 'city.cz' })).body.items as {
        districtCode: string;
        version: number;
        cityShareFen: number;
        sharingRatioPercent: number;
      }[];
      const current = budgets.find((b) => b.districtCode === t.district);
      // The city's fields as they are (a district may change only its own share).
      return api('PUT', `/budgets/2026/districts/${t.district}`, {
        ...(as ? { as } : {}),
        body: {
          cityShareFen: current?.cityShareFen ?? 0,
          districtShareFen: 10_000_000,
          sharingRatioPercent: current?.sharingRatioPercent ?? 0,
          version: current?.version ?? 0,
        },
      });
    },
  },
  runAllocation: {
    scoped: 'city',
    request: async (api, as) => {
      const codes = ((await api('GET', '/divisions')).body as { code: string }[]).map((d) => d.code);
      return api('POST', '/allocations', {
        ...(as ? { as } : {}),
        body: {
          year: 2026,
          poolFen: 100_000_000,
          fiscalCapacityBp: Object.fromEntries(codes.map((c) => [c, 5000])),
        },
      });
    },
  },
  listAllocations: {
    scoped: 'city',
    request: (api, as) => api('GET', '/allocations?year=2026', as ? { as } : {}),
  },
  getContractPayments: {
    scoped: 'target',
    request: (api, as, t) => api('GET', `/contracts/${t.contractId}/payments`, as ? { as } : {}),
  },
  createDisbursement: {
    scoped: 'target',
    // The fixture contract is a draft: an in-scope clerk is authorised, and the payment rule refuses it (409).
    allowed: (user, t) => (user.role === 'district_finance' && user.district === t.district ? 409 : 403),
    request: (api, as, t) =>
      api('POST', `/contracts/${t.contractId}/disbursements`, {
        ...(as ? { as } : {}),
        body: { seq: 1, amountFen: 100, paidOn: '2026-01-15', paidBeforeFen: 0 },
      }),
  },
  createVoucherUploadUrl: {
    scoped: 'target',
    request: (api, as, t) =>
      api('POST', `/contracts/${t.contractId}/ledger/voucher-url`, {
        ...(as ? { as } : {}),
        body: { contentType: 'application/pdf', bytes: 1000 },
      }),
  },
  createLedgerEntry: {
    scoped: 'target',
    // A draft has no ledger yet: the operator is authorised and the ledger rule refuses it (409).
    allowed: (user, t) => (user.role === 'operator' && user.org === t.org ? 409 : 403),
    request: (api, as, t) =>
      api('POST', `/contracts/${t.contractId}/ledger`, {
        ...(as ? { as } : {}),
        body: {
          spentOn: '2026-02-01',
          amountFen: 100,
          category: 'labour',
          description: '工资',
          voucherKey: `vouchers/${t.contractId}/01JD00000000000000000000AA.pdf`,
        },
      }),
  },
  getLedger: {
    scoped: 'target',
    request: (api, as, t) => api('GET', `/contracts/${t.contractId}/ledger`, as ? { as } : {}),
  },
  getVoucher: {
    scoped: 'target',
    // No entry with this id: readers in scope get 404, the others 403 before anything is looked up.
    allowed: (user, t) => (inScope(user, t) ? 404 : 403),
    request: (api, as, t) =>
      api('GET', `/contracts/${t.contractId}/ledger/01JD00000000000000000000AA/voucher`, as ? { as } : {}),
  },
  listRecoveryCases: {
    scoped: 'target',
    request: (api, as, t) => api('GET', `/recovery-cases?district=${t.district}`, as ? { as } : {}),
  },
  createRepayment: {
    scoped: 'target',
    // No such case: district finance gets 404 (scope is shown on a real case in test/e2e/funds.test.ts).
    allowed: (user) => (user.role === 'district_finance' ? 404 : 403),
    request: (api, as) =>
      api('POST', '/recovery-cases/01JD00000000000000000000AA/repayments', {
        ...(as ? { as } : {}),
        body: { amountFen: 100, paidOn: '2026-12-01', version: 1 },
      }),
  },
  getPerformance: {
    scoped: 'target',
    request: (api, as, t) => api('GET', `/performance?year=2026&district=${t.district}`, as ? { as } : {}),
  },
  getPublicFunds: {
    scoped: 'city',
    request: (api, as) => api('GET', '/public/funds?year=2026', as ? { as } : {}),
  },
  getPublicOcds: { scoped: 'city', request: (api, as) => api('GET', '/public/ocds/2026', as ? { as } : {}) },
  listPublicStations: {
    scoped: 'city',
    request: (api, as, t) => api('GET', `/public/stations?district=${t.district}`, as ? { as } : {}),
  },
  getPublicStationSummary: {
    scoped: 'city',
    request: (api, as) => api('GET', '/public/stations/summary', as ? { as } : {}),
  },
  fileComplaint: {
    scoped: 'target',
    request: (api, as, t, n) =>
      api('POST', '/public/complaints', {
        ...(as ? { as } : {}),
        body: { stationId: t.stationId, content: `投诉 ${n}` },
      }),
  },
  trackComplaint: {
    scoped: 'target',
    request: (api, as, t) => api('GET', `/public/complaints/${t.trackingCode}`, as ? { as } : {}),
  },
  listComplaints: {
    scoped: 'target',
    request: (api, as, t) => api('GET', `/complaints?district=${t.district}`, as ? { as } : {}),
  },
  getComplaint: {
    scoped: 'target',
    // The district and the city; the operator asked for a statement reads it too (masked).
    allowed: (user, t) =>
      user.role === 'city_civil_affairs' ||
      (user.role === 'district_civil_affairs' && user.district === t.district) ||
      (user.role === 'operator' && user.org === t.org)
        ? 200
        : 403,
    request: (api, as, t) => api('GET', `/complaints/${t.complaintId}`, as ? { as } : {}),
  },
  acknowledgeComplaint: {
    scoped: 'target',
    request: (api, as, t) =>
      api('POST', `/complaints/${t.freshComplaintId}/acknowledgement`, {
        ...(as ? { as } : {}),
        body: { version: 1 },
      }),
  },
  requestComplaintStatement: {
    scoped: 'target',
    request: async (api, as, t) =>
      api('POST', `/complaints/${t.complaintId}/statement-requests`, {
        ...(as ? { as } : {}),
        body: {
          version: (await api('GET', `/complaints/${t.complaintId}`, { as: 'city.mz' })).body.version,
          from: 'street_office',
          question: '请街道说明场地情况',
        },
      }),
  },
  answerComplaintStatement: {
    scoped: 'target',
    // Only the party the statement was asked of answers it: here the station's operator.
    allowed: (user, t) => (user.role === 'operator' && user.org === t.org ? 200 : 403),
    request: (api, as, t) =>
      api('POST', `/complaints/${t.complaintId}/statements`, {
        ...(as ? { as } : {}),
        body: { requestId: t.statementRequestId, answer: '活动室每周二至周六开放' },
      }),
  },
  closeComplaint: {
    scoped: 'target',
    request: (api, as, t) =>
      api('POST', `/complaints/${t.closableComplaintId}/closure`, {
        ...(as ? { as } : {}),
        body: { version: 2, reply: '已核实并督促整改', upheld: true },
      }),
  },
  addServiceRecord: {
    scoped: 'target',
    request: (api, as, t) =>
      api('POST', `/contracts/${t.statusContractId}/service-records`, {
        ...(as ? { as } : {}),
        body: { kind: 'case', title: '个案记录', contentType: 'application/pdf', bytes: 100 },
      }),
  },
  listServiceRecords: {
    scoped: 'target',
    allowed: (user, t) => (archiveReader(user, t) ? 200 : 403),
    request: (api, as, t) => api('GET', `/contracts/${t.statusContractId}/service-records`, as ? { as } : {}),
  },
  readServiceRecord: {
    scoped: 'target',
    allowed: (user, t) => (archiveReader(user, t) ? 200 : 403),
    request: (api, as, t) =>
      api(
        'POST',
        `/contracts/${t.statusContractId}/service-records/${t.recordId}/download-url`,
        as ? { as } : {},
      ),
  },
  getArchiveCatalogue: {
    scoped: 'target',
    allowed: (user, t) => (archiveReader(user, t) || user.role === 'city_civil_affairs' ? 200 : 403),
    request: (api, as, t) => api('GET', `/contracts/${t.statusContractId}/archives`, as ? { as } : {}),
  },
  listArchives: {
    scoped: 'target',
    allowed: (user, t) => (archiveReader(user, t) || user.role === 'city_civil_affairs' ? 200 : 403),
    request: (api, as, t) => api('GET', `/archives?stationId=${t.stationId}`, as ? { as } : {}),
  },
  recordOperatorExit: {
    scoped: 'target',
    request: (api, as, t) =>
      api('POST', `/contracts/${t.statusContractId}/handover`, {
        ...(as ? { as } : {}),
        body: { exitOn: '2026-11-20', reason: '合同终止' },
      }),
  },
  getHandover: {
    scoped: 'target',
    // The district, its auditors, the city, and the exiting and the next operator (both demo operators here).
    allowed: (user, t) =>
      user.role === 'city_civil_affairs' ||
      user.role === 'operator' ||
      ((user.role === 'district_civil_affairs' || user.role === 'auditor') && user.district === t.district)
        ? 200
        : 403,
    request: (api, as, t) => api('GET', `/handovers/${t.handoverId}`, as ? { as } : {}),
  },
  putHandoverItem: {
    scoped: 'target',
    request: async (api, as, t) =>
      api('PUT', `/handovers/${t.handoverId}/items/case`, {
        ...(as ? { as } : {}),
        body: {
          version: (await api('GET', `/handovers/${t.handoverId}`, { as: 'city.mz' })).body.version,
          paperCount: 3,
        },
      }),
  },
  uploadHandoverAgreement: {
    scoped: 'target',
    request: async (api, as, t) =>
      api('POST', `/handovers/${t.handoverId}/agreement-url`, {
        ...(as ? { as } : {}),
        body: {
          version: (await api('GET', `/handovers/${t.handoverId}`, { as: 'city.mz' })).body.version,
          contentType: 'application/pdf',
          bytes: 100,
        },
      }),
  },
  signHandover: {
    scoped: 'target',
    request: async (api, as, t) =>
      api('POST', `/handovers/${t.signHandoverId}/signatures`, {
        ...(as ? { as } : {}),
        body: {
          version: (await api('GET', `/handovers/${t.signHandoverId}`, { as: 'city.mz' })).body.version,
        },
      }),
  },
  confirmHandoverReceipt: {
    scoped: 'target',
    request: async (api, as, t) =>
      api('POST', `/handovers/${t.receivableHandoverId}/receipt`, {
        ...(as ? { as } : {}),
        body: {
          version: (await api('GET', `/handovers/${t.receivableHandoverId}`, { as: 'city.mz' })).body.version,
        },
      }),
  },
  transferArchives: {
    scoped: 'target',
    request: async (api, as, t) =>
      api('POST', `/handovers/${t.transferableHandoverId}/transfer`, {
        ...(as ? { as } : {}),
        body: {
          version: (await api('GET', `/handovers/${t.transferableHandoverId}`, { as: 'city.mz' })).body
            .version,
        },
      }),
  },
  revealObjectionContact: {
    scoped: 'target',
    request: (api, as, t) => api('POST', `/objections/${t.objectionId}/contact`, as ? { as } : {}),
  },
  decideObjection: {
    scoped: 'target',
    request: async (api, as, t) => {
      const objections = (await api('GET', `/objections?district=${t.district}`, { as: 'city.mz' })).body
        .items as {
        id: string;
        version: number;
      }[];
      const version = objections.find((o) => o.id === t.objectionId)?.version ?? 1;
      return api('POST', `/objections/${t.objectionId}/decision`, {
        ...(as ? { as } : {}),
        body: { version, outcome: 'rejected', opinion: '评分依据充分，质疑不成立' },
      });
    },
  },
  raiseRectification: {
    scoped: 'target',
    // Only the street office that recorded the failed safety check raises an item from it.
    allowed: (user, t) => (user.role === 'street_office' && user.street === t.street ? 201 : 403),
    request: (api, as, t) =>
      api('POST', '/rectifications', {
        ...(as ? { as } : {}),
        body: {
          source: { type: 'safety_check', id: t.failedCheckId },
          stationId: t.stationId,
          requirement: '更换过期灭火器',
        },
      }),
  },
  getImportTemplate: {
    scoped: 'city',
    request: (api, as) => api('GET', '/imports/template?kind=workers', as ? { as } : {}),
  },
  createImport: {
    // Any importing role opens an import of its own scope (a district for its district, an operator for itself).
    scoped: 'city',
    request: (api, as) =>
      api('POST', '/imports', {
        ...(as ? { as } : {}),
        body: { kind: 'workers', mode: 'dry_run', fileName: '社工.csv', bytes: 1024 },
      }),
  },
  getImport: {
    scoped: 'target',
    // An import is read by the scope that opened it: here the target's district bureau (not its operator).
    allowed: (user, t) =>
      user.role === 'district_civil_affairs' && user.district === t.district ? 200 : 403,
    request: (api, as, t) => api('GET', `/imports/${t.importId}`, as ? { as } : {}),
  },
  createExport: {
    scoped: 'target',
    // The stations of the target's district, masked: the city, and the district's own roles and street offices
    // (each its own street's station), as the stations list reads them.
    allowed: (user, t) =>
      user.role === 'city_civil_affairs' || user.role === 'city_finance' || user.district === t.district
        ? 201
        : 403,
    request: (api, as, t) =>
      api('POST', '/exports', {
        ...(as ? { as } : {}),
        body: { kind: 'stations', districtCode: t.district },
      }),
  },
  listRectifications: {
    scoped: 'own-list',
    request: (api, as, t) =>
      api(
        'GET',
        isOperator(as) ? '/rectifications' : `/rectifications?district=${t.district}`,
        as ? { as } : {},
      ),
  },
  getRectification: {
    scoped: 'target',
    request: (api, as, t) => api('GET', `/rectifications/${t.rectificationId}`, as ? { as } : {}),
  },
  submitRectificationEvidence: {
    scoped: 'target',
    // Only the owner: the operator of the station's active contract when the item was raised.
    allowed: (user, t) => (user.role === 'operator' && user.org === t.org ? 200 : 403),
    request: async (api, as, t) =>
      api('POST', `/rectifications/${t.rectificationId}/evidence`, {
        ...(as ? { as } : {}),
        body: {
          version: (await api('GET', `/rectifications/${t.rectificationId}`, { as: 'city.mz' })).body.version,
          note: '已更换灭火器',
        },
      }),
  },
  verifyRectification: {
    scoped: 'target',
    // Only the raiser verifies: the street office.
    allowed: (user, t) => (user.role === 'street_office' && user.street === t.street ? 200 : 403),
    request: async (api, as, t) =>
      api('POST', `/rectifications/${t.submittedRectificationId}/verification`, {
        ...(as ? { as } : {}),
        body: {
          version: (await api('GET', `/rectifications/${t.submittedRectificationId}`, { as: 'city.mz' })).body
            .version,
          accepted: true,
          comment: '现场复查合格',
        },
      }),
  },
};

function expected(route: RouteDefinition, call: Call, user: DemoUser | undefined, target: Target): number {
  const scoped = call.scoped;
  if (route.access === 'public') return route.response.status;
  if (!user) return 401;
  if (!route.access.includes(user.role)) return 403;
  if (call.allowed) return call.allowed(user, target);
  if (scoped !== 'city' && !covers(user, target, scoped)) return 403;
  return route.response.status;
}

const fixture = () => ({
  stationId: '',
  contractId: '',
  statusContractId: '',
  progressContractId: '',
  applicationId: '',
  workerId: '',
  freeStreets: [] as string[],
  submittedSlotId: '',
  uploadId: '',
  openSlotId: '',
  evaluationId: '',
  scoredEvaluationId: '',
  confirmedEvaluationId: '',
  publishedEvaluationId: '',
  noticeId: '',
  objectionId: '',
  complaintId: '',
  statementRequestId: '',
  freshComplaintId: '',
  closableComplaintId: '',
  trackingCode: '',
  recordId: '',
  handoverId: '',
  signHandoverId: '',
  receivableHandoverId: '',
  transferableHandoverId: '',
  failedCheckId: '',
  rectificationId: '',
  submittedRectificationId: '',
  recipientId: '',
  serviceWorkerId: '',
  serviceRecordId: '',
  caseId: '',
  volunteerId: '',
  importId: '',
});

describe('role and scope matrix over every manifest route', () => {
  let runtime: Awaited<ReturnType<typeof startTestRuntime>>;
  let api: Api;
  const targets: Target[] = [
    { name: '历下区解放路街道', district: '370102', street: '370102001', org: 'org-op-a', ...fixture() },
    { name: '市中区大观园街道', district: '370103', street: '370103002', org: 'org-op-b', ...fixture() },
  ];

  beforeAll(async () => {
    runtime = await startTestRuntime();
    api = apiClient(runtime.apiUrl);
    const divisions = (await api('GET', '/divisions')).body as {
      code: string;
      streets: { code: string }[];
    }[];
    for (const t of targets) {
      const owner = DEMO_USERS.find((u) => u.role === 'district_civil_affairs' && u.district === t.district);
      const created = await api('POST', '/stations', {
        as: owner?.username as string,
        body: { districtCode: t.district, streetCode: t.street, address: '固定测试站' },
      });
      t.stationId = created.body.id;
      t.importId = (
        await api('POST', '/imports', {
          as: owner?.username as string,
          body: { kind: 'stations', mode: 'dry_run', fileName: '社工站.xlsx', bytes: 4096 },
        })
      ).body.import.id;
      const contract = (suffix: string) =>
        api('POST', '/contracts', {
          as: owner?.username as string,
          body: { stationId: t.stationId, ...contractTerms(`MATRIX-${t.district}-${suffix}`, t.org) },
        });
      t.contractId = (await contract('FIXTURE')).body.id;
      t.statusContractId = (await contract('STATUS')).body.id;
      const operator = DEMO_USERS.find((u) => u.org === t.org)?.username as string;
      const worker = await api('POST', `/contracts/${t.contractId}/workers`, {
        as: operator,
        body: {
          name: '固定社工',
          qualification: 'assistant',
          idNumber: TEST_ID_NUMBERS[0],
          startOn: '2026-01-01',
        },
      });
      t.workerId = worker.body.id;
      t.progressContractId = (await contract('PROGRESS')).body.id;
      await api('POST', `/contracts/${t.statusContractId}/status`, {
        as: owner?.username as string,
        body: { version: 1, to: 'active' },
      });
      t.recipientId = (
        await api('POST', `/stations/${t.stationId}/recipients`, { as: operator, body: RECIPIENT })
      ).body.id;
      t.serviceWorkerId = (
        await api('POST', `/contracts/${t.statusContractId}/workers`, {
          as: operator,
          body: {
            name: '在岗社工',
            qualification: 'assistant',
            idNumber: TEST_ID_NUMBERS[1],
            startOn: '2026-01-01',
          },
        })
      ).body.id;
      t.serviceRecordId = (
        await api('POST', `/stations/${t.stationId}/service-records`, {
          as: operator,
          body: serviceRecordBody(t),
        })
      ).body.id;
      t.volunteerId = (
        await api('POST', `/stations/${t.stationId}/volunteers`, {
          as: operator,
          body: { name: '志愿者甲', registeredOn: '2026-06-01' },
        })
      ).body.id;
      t.caseId = (
        await api('POST', `/stations/${t.stationId}/cases`, { as: operator, body: caseBody(t) })
      ).body.id;
      t.submittedSlotId = `${t.statusContractId}-M202601`;
      t.openSlotId = `${t.statusContractId}-M202602`;
      // One validated upload (notifies the district and the street) and one refused (notifies the operator).
      t.uploadId = await upload(api, runtime, operator, t.submittedSlotId, await makePdf(MONTHLY_BRIEF));
      await upload(api, runtime, operator, t.openSlotId, new TextEncoder().encode('不是 PDF 的文本'));
      t.evaluationId = (await evaluationAt(api, runtime, t, 'commissioned')).id;
      t.scoredEvaluationId = (await evaluationAt(api, runtime, t, 'scored')).id;
      t.confirmedEvaluationId = (await evaluationAt(api, runtime, t, 'confirmed')).id;
      t.noticeId = (await evaluationAt(api, runtime, t, 'in_publicity')).noticeId as string;
      t.publishedEvaluationId = (await evaluationAt(api, runtime, t, 'in_publicity')).id;
      t.objectionId = (
        await api('POST', `/public/publicity/${t.noticeId}/objections`, {
          body: { content: '评分偏高', contact: '13912345678' },
        })
      ).body.id;
      const districtUser = owner?.username as string;
      const file = async (content: string) => {
        const receipt = await api('POST', '/public/complaints', {
          body: { stationId: t.stationId, content },
        });
        const listed = (await api('GET', `/complaints?district=${t.district}`, { as: districtUser })).body
          .items as {
          id: string;
          content: string;
        }[];
        return {
          id: listed.find((c) => c.content === content)?.id as string,
          code: receipt.body.trackingCode as string,
        };
      };
      const first = await file('活动室长期不开放');
      t.complaintId = first.id;
      t.trackingCode = first.code;
      await api('POST', `/complaints/${t.complaintId}/acknowledgement`, {
        as: districtUser,
        body: { version: 1 },
      });
      const asked = await api('POST', `/complaints/${t.complaintId}/statement-requests`, {
        as: districtUser,
        body: { version: 2, from: 'operator', question: '请说明活动室开放安排' },
      });
      t.statementRequestId = asked.body.statements[0].id;
      t.freshComplaintId = (await file('工作人员态度不好')).id;
      t.closableComplaintId = (await file('服务时间与公示不符')).id;
      await api('POST', `/complaints/${t.closableComplaintId}/acknowledgement`, {
        as: districtUser,
        body: { version: 1 },
      });
      // B4: the street office records a failed safety check and raises two items from it (owner: the operator of
      // the active STATUS contract); the operator submits evidence on the second, which the verify call accepts.
      const checker = DEMO_USERS.find((u) => u.street === t.street)?.username as string;
      t.failedCheckId = (
        await api('POST', `/stations/${t.stationId}/safety-checks`, {
          as: checker,
          body: { checkedOn: '2026-11-02', items: [{ item: '消防器材', ok: false, note: '灭火器过期' }] },
        })
      ).body.id;
      const raise = () =>
        api('POST', '/rectifications', {
          as: checker,
          body: {
            source: { type: 'safety_check', id: t.failedCheckId },
            stationId: t.stationId,
            requirement: '更换过期灭火器',
          },
        });
      t.rectificationId = (await raise()).body.id;
      const toVerify = (await raise()).body;
      await api('POST', `/rectifications/${toVerify.id}/evidence`, {
        as: operator,
        body: { version: toVerify.version, note: '已更换灭火器' },
      });
      t.submittedRectificationId = toVerify.id;
      t.recordId = (
        await api('POST', `/contracts/${t.statusContractId}/service-records`, {
          as: operator,
          body: { kind: 'group', title: '小组活动记录', contentType: 'application/pdf', bytes: 100 },
        })
      ).body.record.id;
      const handover = async (stage: 'open' | 'agreement' | 'signed' | 'received') => {
        const h = await api('POST', `/contracts/${t.statusContractId}/handover`, {
          as: districtUser,
          body: {
            exitOn: '2026-11-20',
            reason: '合同终止',
            nextOperator: { orgId: NEXT_ORG[t.org] as string, name: '新承接方' },
          },
        });
        const id = h.body.id as string;
        const v = async () =>
          (await api('GET', `/handovers/${id}`, { as: districtUser })).body.version as number;
        if (stage === 'open') return id;
        if (stage !== 'agreement') {
          for (const kind of [
            'case',
            'group',
            'community',
            'visit',
            'client_file',
            'volunteer_file',
            'needs_survey',
          ]) {
            await api('PUT', `/handovers/${id}/items/${kind}`, {
              as: operator,
              body: { version: await v(), paperCount: 1 },
            });
          }
        }
        await api('POST', `/handovers/${id}/agreement-url`, {
          as: operator,
          body: { version: await v(), contentType: 'application/pdf', bytes: 100 },
        });
        if (stage === 'agreement') return id;
        await api('POST', `/handovers/${id}/signatures`, { as: operator, body: { version: await v() } });
        await api('POST', `/handovers/${id}/signatures`, { as: districtUser, body: { version: await v() } });
        if (stage === 'signed') return id;
        await api('POST', `/handovers/${id}/receipt`, { as: districtUser, body: { version: await v() } });
        return id;
      };
      t.handoverId = await handover('open');
      t.signHandoverId = await handover('agreement');
      t.receivableHandoverId = await handover('signed');
      t.transferableHandoverId = await handover('received');
      const street = DEMO_USERS.find((u) => u.street === t.street)?.username as string;
      const signed = async (id: string, year: number, kind: string, content: object) => {
        const drafted = await api('PUT', `/contracts/${id}/service-years/${year}/${kind}`, {
          as: operator,
          body: content,
        });
        const first = await api('POST', `/contracts/${id}/service-years/${year}/${kind}/confirmations`, {
          as: operator,
          body: { version: drafted.body.version },
        });
        await api('POST', `/contracts/${id}/service-years/${year}/${kind}/confirmations`, {
          as: street,
          body: { version: first.body.version },
        });
      };
      await api('PUT', `/contracts/${t.contractId}/service-years/1/needs-survey`, {
        as: operator,
        body: survey,
      });
      await signed(t.contractId, 2, 'needs-survey', survey);
      await api('PUT', `/contracts/${t.contractId}/service-years/2/task-book`, { as: operator, body: book });
      await signed(t.progressContractId, 1, 'needs-survey', survey);
      await signed(t.progressContractId, 1, 'task-book', book);
      t.applicationId = (
        await api('POST', '/platform-applications', { as: street, body: application(t.stationId) })
      ).body.id;
      t.freeStreets = (divisions.find((d) => d.code === t.district)?.streets ?? [])
        .map((s) => s.code)
        .filter((c) => c !== t.street);
    }
    // Two scopes' fixtures through the API, on a machine whose two cores other suites share.
  }, 300_000);
  afterAll(() => runtime?.dispose());

  it('covers every route of the manifest', () => {
    expect(Object.keys(calls).sort()).toEqual(Object.keys(routes).sort());
  });

  for (const [id, route] of Object.entries(routes) as [RouteId, RouteDefinition][]) {
    it(`${route.method} ${route.path}: no token, every role, in and out of scope`, async () => {
      const call = calls[id];
      const outcomes: string[] = [];
      const wanted: string[] = [];
      let n = 0;
      for (const target of call.scoped === 'city' ? targets.slice(0, 1) : targets) {
        for (const user of [undefined, ...DEMO_USERS]) {
          n += 1;
          const res = await call.request(api, user?.username, target, n);
          const label = `${user?.username ?? 'anonymous'} @ ${target.name}`;
          outcomes.push(`${label}: ${res.status}`);
          wanted.push(`${label}: ${expected(route, call, user, target)}`);
        }
      }
      expect(outcomes).toEqual(wanted);
    });
  }
});
