import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { jinanDivisions } from '#shared/adapters/reference/jinan-divisions';
import { addDays, compareDates, dayOfWeek, daysBetween, type IsoDate } from '#shared/domain/calendar/dates';
import { idNumberCheckCharacter } from '#shared/domain/contracts/roster';
import { DEFAULT_TEMPLATE_PARTS } from '#shared/domain/evaluation/template';
import { DEFAULT_REPORT_TEMPLATES } from '#shared/domain/policy/policy';
import { makePdf } from '../../scripts/samples/documents';
import { DEMO_DATA_EVALUATORS, DEMO_DATA_OPERATORS } from './demo-users';
import { findRunningSystem, runtimeStopped } from './runtime-file';

/**
 * `npm run seed:demo [-- --scale 0.2]`: fills the running local system (`npm start`, found through `runtime.json` in
 * `DATA_DIR`) with a generated, plausible Jinan to look at — a station in every street and town, contracts in every
 * state, a service year of reports (most on time, some late, some returned), evaluations of every grade with their
 * publicity and objections, complaints, budgets, the factor allocation, disbursements and a recovery case — all
 * through the HTTP API as the demo-data users (infra/local/demo-users.ts), so every rule, audit record and index is
 * what real users would leave. History is replayed on the days it happened with the local clock (`POST
 * /local/clock`), put back when done. Everything is marked as demo: the operators' and evaluators' names start with
 * 【演示】, contract numbers with DEMO-, addresses, complaints and objections with 【演示】.
 *
 * Deterministic: every choice is a hash of the thing it is about, so a second run finds what exists (by contract
 * number, street, marker) and creates nothing twice.
 */

export interface SeedDemoOptions {
  /** The API of the running system (`http://127.0.0.1:3000`). */
  readonly apiUrl: string;
  /** An ID token for a demo user (default: `POST /local/token` of the API). */
  readonly token?: (username: string) => Promise<string>;
  /** The share of streets that get a station (1: every one of the 164; at least one per district). */
  readonly scale?: number;
  /** Requests in flight at once. */
  readonly concurrency?: number;
  readonly log?: (line: string) => void;
}

export interface DemoSummary {
  readonly today: IsoDate;
  readonly districts: number;
  readonly stations: number;
  readonly contracts: Record<'draft' | 'active' | 'expired' | 'completed' | 'terminated', number>;
  readonly reports: {
    submitted: number;
    onTime: number;
    late: number;
    returned: number;
    open: number;
    /** Accepted by both recipients (R9.3); the rest of the submitted ones wait for a review. */
    accepted: number;
  };
  readonly evaluations: { total: number; final: number; grades: Record<string, number> };
  readonly publicity: { notices: number; open: number; objections: number };
  readonly complaints: { total: number; closed: number };
  readonly disbursements: number;
  readonly recoveryCases: number;
  /**
   * The performance view (R26.1) of the calendar year holding most of the current service year, as the API gives
   * it: the service records' totals, and how many districts have a task completion and a fund execution rate.
   */
  readonly performance: {
    readonly year: number;
    readonly records: number;
    readonly hours: string;
    readonly casesClosed: number;
    readonly volunteerHours: string;
    readonly districts: number;
    readonly withTaskCompletion: number;
    readonly withFundExecution: number;
  };
  /** What this run created (0 on a second run). */
  readonly created: number;
}

export const DEMO_MARK = '【演示】';

// Deterministic choices ------------------------------------------------------------------------------------------

/** A number in [0, 1) from a key: FNV-1a, then one round of mulberry32. */
export function chance(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  let t = (h + 0x6d2b79f5) | 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(key: string, items: readonly T[]): T => items[Math.floor(chance(key) * items.length)] as T;
const between = (key: string, low: number, high: number): number =>
  low + Math.floor(chance(key) * (high - low + 1));

// Dates ----------------------------------------------------------------------------------------------------------

/** The Monday after a Saturday or Sunday; any other day as it is. */
const weekday = (d: IsoDate): IsoDate =>
  dayOfWeek(d) === 6 ? addDays(d, 2) : dayOfWeek(d) === 0 ? addDays(d, 1) : d;
const min = (a: IsoDate, b: IsoDate): IsoDate => (compareDates(a, b) <= 0 ? a : b);
const firstOfMonth = (d: IsoDate): IsoDate => `${d.slice(0, 7)}-01`;
const addMonths = (d: IsoDate, months: number): IsoDate => {
  const m = Number(d.slice(0, 4)) * 12 + Number(d.slice(5, 7)) - 1 + months;
  return `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}-${d.slice(8, 10)}`;
};

/**
 * The demo's service years, from the running system's today: the current one ends with this month (its evaluation
 * window is open now), the previous one is the twelve months before it.
 */
export function demoPeriods(today: IsoDate) {
  const start = addMonths(firstOfMonth(today), -11);
  const end = addDays(addMonths(firstOfMonth(today), 1), -1);
  return {
    current: { start, end },
    previous: { start: addMonths(start, -12), end: addDays(start, -1) },
    next: { start: addDays(end, 1), end: addDays(addMonths(addDays(end, 1), 12), -1) },
  };
}

// The plan -------------------------------------------------------------------------------------------------------

type Grade = 'excellent' | 'good' | 'qualified' | 'unqualified';
const GRADE_NAMES: Record<Grade, string> = {
  excellent: '优秀',
  good: '良好',
  qualified: '合格',
  unqualified: '不合格',
};
/** Third-party share of each indicator's maximum, district and street scores, for each grade (R17.1 bands). */
const GRADE_SCORES: Record<
  Grade,
  { share: [number, number]; district: [number, number]; street: [number, number] }
> = {
  excellent: { share: [92, 98], district: [90, 97], street: [88, 98] },
  good: { share: [82, 88], district: [80, 90], street: [78, 92] },
  qualified: { share: [64, 76], district: [62, 78], street: [60, 80] },
  unqualified: { share: [42, 54], district: [45, 58], street: [50, 65] },
};
/** Each third-party indicator's maximum (hundredths of a point), from the evaluation template the API uses. */
const INDICATOR_MAX_HUNDREDTHS: Record<string, number> = Object.fromEntries(
  DEFAULT_TEMPLATE_PARTS.flatMap((part) =>
    part.indicators.map((indicator) => [`${part.key}.${indicator.key}`, indicator.maxHundredths]),
  ),
);
/** The previous year's grades in turn: mostly good and qualified, some excellent, an unqualified one in eight. */
const GRADE_CYCLE: readonly Grade[] = [
  'good',
  'excellent',
  'qualified',
  'unqualified',
  'good',
  'qualified',
  'good',
  'excellent',
];

interface StationPlan {
  readonly key: string;
  readonly district: { code: string; name: string };
  readonly street: { code: string; name: string };
  /** Only a draft contract for the next period (a station just set up), no current one. */
  readonly draftOnly: boolean;
  /** A contract for the previous service year, evaluated then: its grade, and whether it was completed. */
  readonly previous?: { grade: Grade; completed: boolean; objection: boolean };
  /** The current contract terminated by the district partway through the year. */
  readonly terminatedOn?: IsoDate;
  readonly operator: (typeof DEMO_DATA_OPERATORS)[number];
  readonly operatorUser: string;
  readonly amountFen: number;
}

const STREET_ADDRESSES = ['路', '街', '大道'];
const FEATURED = [
  '“泉城暖心”助老服务',
  '“护苗成长”儿童关爱',
  '“邻里守望”社区治理',
  '“携手同行”困难群众帮扶',
  '“银龄互助”志愿服务',
];
const TARGET_GROUPS = [
  '困难老年人',
  '留守儿童',
  '困境儿童',
  '低保家庭',
  '残疾人',
  '失独家庭',
  '社区矫正对象',
];

/** The task book's items (R9.2): three of these a year, targets from the key. */
const TASKS = [
  {
    id: 'T1',
    category: 'social_assistance',
    title: '困难群众走访与政策链接',
    unit: '户次',
    target: [120, 240],
  },
  {
    id: 'T2',
    category: 'elderly_services',
    title: '独居、留守老人关爱服务',
    unit: '人次',
    target: [150, 320],
  },
  { id: 'T3', category: 'child_welfare', title: '困境儿童个案服务', unit: '个案', target: [8, 20] },
  { id: 'T4', category: 'community_governance', title: '社区活动与居民议事', unit: '场次', target: [12, 24] },
] as const;
const SURNAMES = [...'王李张刘陈杨赵黄周吴徐孙马朱胡郭何林高罗'];
const GIVEN_NAMES = '秀英 桂兰 建国 丽 静 伟 芳 敏 志强 淑珍 玉兰 海燕 晓东 红梅 立新 春花'.split(' ');
const personName = (key: string) => `${pick(`${key}:surname`, SURNAMES)}${pick(`${key}:given`, GIVEN_NAMES)}`;
/** Adults only: a recipient under fourteen needs a guardian's consent, which the demo does not invent. */
const RECIPIENT_CATEGORIES = [
  'left_behind_elderly',
  'elderly_living_alone',
  'disabled',
  'subsistence_allowance',
];
/** A service record of each kind: its titles, minutes, workers and recipients. */
const RECORD_KINDS = [
  {
    kind: 'visit-home',
    titles: ['独居老人入户探访', '低保家庭入户走访', '残疾人家庭探访'],
    minutes: [60, 120],
    workers: 1,
    recipients: 1,
  },
  { kind: 'visit-phone', titles: ['电话回访', '节前电话问候'], minutes: [15, 30], workers: 1, recipients: 1 },
  {
    kind: 'group-session',
    titles: ['老年人健康讲座小组', '手工互助小组', '情绪减压小组'],
    minutes: [90, 120],
    workers: 2,
    recipients: 3,
  },
  {
    kind: 'community-activity',
    titles: ['社区邻里节', '政策宣传进社区', '社区义诊'],
    minutes: [120, 240],
    workers: 2,
    recipients: 2,
  },
] as const;
const yuanText = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')} 元`;

export function planStations(scale: number, today: IsoDate): StationPlan[] {
  const periods = demoPeriods(today);
  const plans: StationPlan[] = [];
  let previousCount = 0;
  jinanDivisions().forEach((district, districtIndex) => {
    const take = Math.min(district.streets.length, Math.max(2, Math.round(district.streets.length * scale)));
    district.streets.slice(0, take).forEach((street, i) => {
      const key = street.code;
      const operatorIndex = Math.floor(chance(`operator:${key}`) * DEMO_DATA_OPERATORS.length);
      const operator = DEMO_DATA_OPERATORS[operatorIndex] as (typeof DEMO_DATA_OPERATORS)[number];
      // In every fourth district the last street's station is newly set up: only a draft contract.
      const draftOnly = districtIndex % 4 === 0 && i === take - 1;
      const hadPrevious = !draftOnly && (i === 0 || chance(`previous:${key}`) < 0.2);
      const previous = hadPrevious
        ? {
            grade: GRADE_CYCLE[previousCount % GRADE_CYCLE.length] as Grade,
            completed: previousCount % 2 === 0,
            objection: previousCount % 3 === 1,
          }
        : undefined;
      if (hadPrevious) previousCount++;
      // In every fourth district (from the third) the second station lost its operator partway through the year.
      const terminated = !draftOnly && !previous && i === 1 && districtIndex % 4 === 2;
      plans.push({
        key,
        district: { code: district.code, name: district.name },
        street,
        draftOnly,
        ...(previous ? { previous } : {}),
        ...(terminated
          ? { terminatedOn: addDays(periods.current.start, between(`terminatedOn:${key}`, 150, 220)) }
          : {}),
        operator,
        operatorUser: `demo.op.${operatorIndex + 1}`,
        // 36–60 万元 a year, in whole hundreds of yuan.
        amountFen: between(`amount:${key}`, 3600, 6000) * 10_000,
      });
    });
  });
  return plans;
}

const contractNumber = (p: StationPlan, which: 'current' | 'previous' | 'next') => {
  const seq = p.street.code.slice(6);
  return which === 'current'
    ? `DEMO-${p.district.code}-${seq}`
    : which === 'previous'
      ? `DEMO-${p.district.code}-${seq}-P`
      : `DEMO-${p.district.code}-${seq}-N`;
};

const contractBody = (
  p: StationPlan,
  stationId: string,
  which: 'current' | 'previous' | 'next',
  period: { start: IsoDate; end: IsoDate },
) => {
  const amountFen = p.amountFen;
  const labourFen = Math.round((amountFen * 0.72) / 100) * 100;
  const qualityAssuranceFen = Math.round((amountFen * 0.18) / 100) * 100;
  const first = Math.round(amountFen / 2 / 100) * 100;
  return {
    stationId,
    number: contractNumber(p, which),
    operator: { orgId: p.operator.orgId, name: p.operator.name, kind: p.operator.kind },
    servicePeriod: period,
    amountFen,
    breakdown: {
      labourFen,
      qualityAssuranceFen,
      operatorManagementFen: amountFen - labourFen - qualityAssuranceFen,
    },
    staffing: { total: 4, minimumByLevel: { intermediate: 1, assistant: 2 } },
    paymentSchedule: [
      { seq: 1, plannedOn: addDays(period.start, 14), amountFen: first },
      { seq: 2, plannedOn: addMonths(addDays(period.start, 14), 6), amountFen: amountFen - first },
    ],
  };
};

// The client -----------------------------------------------------------------------------------------------------

interface Answer {
  readonly status: number;
  // biome-ignore lint/suspicious/noExplicitAny: the seeder reads the answers of many routes.
  readonly body: any;
}

class SeedError extends Error {}

function client(apiUrl: string, token: (username: string) => Promise<string>) {
  const tokens = new Map<string, Promise<string>>();
  const tokenOf = (username: string) => {
    let t = tokens.get(username);
    if (!t) {
      t = token(username);
      tokens.set(username, t);
    }
    return t;
  };
  const call = async (
    method: string,
    path: string,
    options: { as?: string; body?: unknown; expect?: readonly number[] } = {},
  ): Promise<Answer> => {
    const headers: Record<string, string> = {};
    if (options.as) headers.authorization = `Bearer ${await tokenOf(options.as)}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    for (let attempt = 1; ; attempt++) {
      const res = await fetch(`${apiUrl}${path}`, {
        method,
        headers,
        ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      });
      const text = await res.text();
      const body = text && (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text;
      // The store is busy under the load: wait and try again, as a client told Retry-After would.
      if ((res.status === 503 || res.status === 429) && attempt < 5) {
        await new Promise((ok) => setTimeout(ok, 500 * attempt));
        continue;
      }
      const expected = options.expect ?? [200, 201];
      if (!expected.includes(res.status)) {
        throw new SeedError(
          `${method} ${path}${options.as ? `（${options.as}）` : ''} 答复 ${res.status}：${
            typeof body === 'object' ? [body.title, body.detail].filter(Boolean).join('：') || text : text
          }`,
        );
      }
      return { status: res.status, body };
    }
  };
  return call;
}

async function inPool<T>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const item = items[next++] as T;
        await fn(item);
      }
    }),
  );
}

async function listAll(call: ReturnType<typeof client>, path: string, as: string): Promise<Answer['body'][]> {
  const items: Answer['body'][] = [];
  let cursor: string | undefined;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const page = await call(
      'GET',
      `${path}${sep}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      {
        as,
      },
    );
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return items;
}

// The seeder -----------------------------------------------------------------------------------------------------

/** Reports put to S3 at once (each an upload URL, then the PUT). */
const UPLOADS_AT_ONCE = 8;

/** An upload whose verdict the seeder has not seen yet. */
interface Pending {
  readonly slotId: string;
  readonly as: string;
  readonly uploadId: string;
  readonly lines: readonly string[];
  /** When it was put (performance.now()). */
  readonly at: number;
  verdict?: Promise<void>;
}

export async function seedDemo(options: SeedDemoOptions): Promise<DemoSummary> {
  const log = options.log ?? (() => undefined);
  const concurrency = options.concurrency ?? 12;
  const token =
    options.token ??
    (async (username: string) => {
      const res = await fetch(`${options.apiUrl}/local/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username }),
      });
      if (!res.ok) throw new SeedError(`没有取到演示用户 ${username} 的令牌（HTTP ${res.status}）`);
      return ((await res.json()) as { token: string }).token;
    });
  const call = client(options.apiUrl, token);
  let created = 0;
  const made = () => {
    created++;
  };

  const clock = (await call('GET', '/local/clock')).body as { today: IsoDate };
  const today = clock.today;
  const setToday = async (day: IsoDate) => {
    await call('POST', '/local/clock', { body: { today: day } });
  };
  const periods = demoPeriods(today);
  let plans = planStations(options.scale ?? 1, today);
  const mz = (p: StationPlan) => `demo.${p.district.code}.mz`;
  const cz = (p: StationPlan) => `demo.${p.district.code}.cz`;
  const jd = (p: StationPlan) => `demo.${p.street.code}.jd`;
  const districts = [...new Map(plans.map((p) => [p.district.code, p.district])).values()];
  log(`演示数据：${districts.length} 个区县、${plans.length} 个社工站，系统今天是 ${today}。`);

  const stations = new Map<string, { id: string }>();
  // Contracts, by number.
  const contracts = new Map<string, Answer['body']>();
  const loadContracts = async () => {
    for (const d of districts) {
      for (const c of await listAll(call, `/contracts?district=${d.code}`, `demo.${d.code}.mz`)) {
        if (String(c.number).startsWith('DEMO-')) contracts.set(c.number, c);
      }
    }
  };
  const evaluations = new Map<string, Answer['body']>();
  const loadEvaluations = async () => {
    for (const d of districts) {
      for (const e of (await call('GET', `/evaluations?district=${d.code}`, { as: `demo.${d.code}.mz` })).body
        .items) {
        evaluations.set(`${e.contractId}/${e.serviceYear.n}`, e);
      }
    }
  };
  /** The days the notices published in this run may close (R18.1), for the publicity-closing job. */
  const closable = new Set<IsoDate>();
  const evaluationOf = (contractId: string) => evaluations.get(`${contractId}/1`);

  try {
    // Stations, registered a fortnight before the previous service year began.
    await setToday(addDays(periods.previous.start, -15));
    // A street whose station someone registered by hand (the README's walkthrough) is left alone.
    const taken = new Set<string>();
    for (const d of districts) {
      for (const s of await listAll(call, `/stations?district=${d.code}`, `demo.${d.code}.mz`)) {
        if (String(s.address).startsWith(DEMO_MARK)) stations.set(s.streetCode, s);
        else taken.add(s.streetCode);
      }
    }
    if (taken.size > 0) {
      plans = plans.filter((p) => !taken.has(p.street.code));
      log(`${taken.size} 个街道已有非演示的社工站，跳过。`);
    }
    await inPool(plans, concurrency, async (p) => {
      if (stations.has(p.street.code)) return;
      const station = await call('POST', '/stations', {
        as: mz(p),
        body: {
          districtCode: p.district.code,
          streetCode: p.street.code,
          address: `${DEMO_MARK}${p.street.name.replace(/(街道|镇)$/, '')}${pick(`road:${p.key}`, STREET_ADDRESSES)} ${between(`no:${p.key}`, 1, 199)} 号`,
          openedOn: addDays(periods.previous.start, -between(`opened:${p.key}`, 30, 400)),
          ...(chance(`brand:${p.key}`) < 0.4 ? { featuredBrand: pick(`brandName:${p.key}`, FEATURED) } : {}),
          keyTargetGroups: [pick(`g1:${p.key}`, TARGET_GROUPS), pick(`g2:${p.key}`, TARGET_GROUPS)].filter(
            (g, i, all) => all.indexOf(g) === i,
          ),
        },
      });
      stations.set(p.street.code, station.body);
      made();
    });
    log(`社工站：${stations.size} 个。`);

    await loadContracts();
    const ensureContract = async (
      p: StationPlan,
      which: 'current' | 'previous' | 'next',
      period: { start: IsoDate; end: IsoDate },
      activate: boolean,
    ) => {
      const number = contractNumber(p, which);
      let c = contracts.get(number);
      if (!c) {
        c = (
          await call('POST', '/contracts', {
            as: mz(p),
            body: contractBody(p, (stations.get(p.street.code) as { id: string }).id, which, period),
          })
        ).body;
        contracts.set(number, c);
        made();
      }
      if (activate && c.status === 'draft') {
        c = (
          await call('POST', `/contracts/${c.id}/status`, {
            as: mz(p),
            body: { version: c.version, to: 'active' },
          })
        ).body;
        contracts.set(number, c);
        made();
      }
      return c;
    };

    log('上一服务年度：合同、拨付、评估与公示。');
    // The previous service year: signed, paid, evaluated, published and closed on the days it happened.
    const withPrevious = plans.filter((p) => p.previous);
    await setToday(addDays(periods.previous.start, -10));
    await inPool(withPrevious, concurrency, async (p) => {
      await ensureContract(p, 'previous', periods.previous, true);
    });
    await disburse(withPrevious, 'previous', [1]);
    await taskBooks(withPrevious, 'previous');

    await loadEvaluations();

    const previousEnd = periods.previous.end;
    // The year's progress against the task book, a month before the year ends (before any contract closes).
    await setToday(addDays(previousEnd, -26));
    await taskProgress(withPrevious, 'previous');
    // Its reports that fall due in this service year, replayed on their days like this year's.
    await reportYear(withPrevious, 'previous');
    const toEvaluate = withPrevious.filter(
      (p) => !evaluationOf(contracts.get(contractNumber(p, 'previous')).id),
    );
    if (toEvaluate.length > 0) {
      await setToday(weekday(addDays(previousEnd, -24)));
      await evaluate(toEvaluate, 'previous', (p) => p.previous?.grade as Grade, true);
      // Objections lodged during publicity, rejected by the district two days later.
      await setToday(weekday(addDays(previousEnd, -20)));
      await inPool(
        toEvaluate.filter((p) => p.previous?.objection),
        concurrency,
        async (p) => {
          const e = await refresh(p, 'previous');
          const objection = await call('POST', `/public/publicity/${e.publicityId}/objections`, {
            body: {
              content: `${DEMO_MARK}${pick(`objection:${p.key}`, ['服务对象满意度抽样偏少', '评估未走访社区居民', '评分说明过于简略'])}`,
            },
          });
          made();
          await call('POST', `/objections/${objection.body.id}/decision`, {
            as: mz(p),
            body: {
              version: 1,
              outcome: 'rejected',
              opinion: `${DEMO_MARK}经复核，评估程序与抽样符合评估标准，质疑不成立`,
            },
          });
          made();
        },
      );
      // The publicity-closing job on each closable day: results final, an unqualified one ends its contract.
      // On the first working day from each closable day (the job does nothing on a day off).
      for (const from of [...closable].sort()) {
        for (let day = from; compareDates(day, addDays(from, 10)) <= 0; day = addDays(day, 1)) {
          const run = await call('POST', '/local/jobs/publicity-closing', { body: { on: day } });
          made();
          if (run.body.result?.examined > 0) {
            log(`公示结束任务（${day}）：结束公示 ${run.body.result.acted} 项。`);
            break;
          }
        }
      }
    }
    // Half the previous contracts completed after the year (the rest simply expired).
    await setToday(addDays(previousEnd, 5));
    await inPool(
      withPrevious.filter((p) => p.previous?.completed && p.previous.grade !== 'unqualified'),
      concurrency,
      async (p) => {
        const c = contracts.get(contractNumber(p, 'previous'));
        if (c.status !== 'active') return;
        const done = await call('GET', `/contracts/${c.id}`, { as: mz(p) });
        if (done.body.status !== 'active') return;
        contracts.set(
          c.number,
          (
            await call('POST', `/contracts/${c.id}/status`, {
              as: mz(p),
              body: { version: done.body.version, to: 'completed' },
            })
          ).body,
        );
        made();
      },
    );

    log('本服务年度：合同。');
    // The current service year: signed ten days before it began; new stations only have a draft for next year.
    await setToday(addDays(periods.current.start, -10));
    await inPool(plans, concurrency, async (p) => {
      if (p.draftOnly) await ensureContract(p, 'next', periods.next, false);
      else await ensureContract(p, 'current', periods.current, true);
    });
    const running = plans.filter((p) => !p.draftOnly);
    await disburse(running, 'current', [1, 2]);
    await taskBooks(running, 'current');

    // A year of reports, uploaded on the days they were: most before the due date, some after, some not yet.
    await reportYear(running, 'current');

    log('服务记录、任务进度与专账。');
    // What the operators kept through the year, recorded now with the days it happened on.
    await setToday(today);
    await taskProgress(running, 'current');
    await ledger(withPrevious, 'previous');
    await ledger(running, 'current');
    await serviceWork(running);

    log('合同中途终止。');
    // Terminated partway through the year by the district.
    for (const p of running.filter((x) => x.terminatedOn)) {
      await setToday(p.terminatedOn as IsoDate);
      const c = await call('GET', `/contracts/${contracts.get(contractNumber(p, 'current')).id}`, {
        as: mz(p),
      });
      if (c.body.status !== 'active') continue;
      contracts.set(
        c.body.number,
        (
          await call('POST', `/contracts/${c.body.id}/status`, {
            as: mz(p),
            body: {
              version: c.body.version,
              to: 'terminated',
              reason: `${DEMO_MARK}承接方申请退出，经协商解除合同`,
            },
          })
        ).body,
      );
      made();
    }

    log('投诉。');
    // Complaints over the year: acknowledged, mostly closed; the last ones still open.
    await complaints(running);
    await setToday(today);

    log('预算、因素分配与资金追回。');
    // Funds of the current year: budgets of every district, the city's factor allocation, repayments.
    await funds();

    log('本年度评估。');
    // This year's evaluations, now, in the window: some commissioned, some scored, a few published with an objection.
    await currentEvaluations(running);
  } finally {
    await call('POST', '/local/clock', { body: {} }).catch(() => undefined);
  }
  return summary();

  // ---------------------------------------------------------------------------------------------------------------

  async function disburse(
    ps: readonly StationPlan[],
    which: 'current' | 'previous',
    seqs: readonly number[],
  ) {
    await inPool(ps, concurrency, async (p) => {
      const c = contracts.get(contractNumber(p, which));
      if (!c || c.status === 'draft') return;
      const payments = (await call('GET', `/contracts/${c.id}/payments`, { as: cz(p) })).body;
      for (const seq of seqs) {
        const tranche = (payments.tranches ?? []).find((t: { seq: number }) => t.seq === seq);
        const planned = c.paymentSchedule.find((t: { seq: number }) => t.seq === seq);
        if (!planned || (tranche?.paidFen ?? 0) > 0) continue;
        const lateBy =
          chance(`pay:${c.number}:${seq}`) < 0.15 ? between(`payLate:${c.number}:${seq}`, 3, 20) : 0;
        const paidOn = addDays(planned.plannedOn, lateBy);
        if (compareDates(paidOn, today) >= 0) continue;
        const paid = await call('POST', `/contracts/${c.id}/disbursements`, {
          as: cz(p),
          body: {
            seq,
            amountFen: planned.amountFen,
            paidOn,
            ...(lateBy > 0 ? { reason: `${DEMO_MARK}财政资金到账延迟` } : {}),
            voucherRef: `DEMO-PZ-${c.number.slice(5)}-${seq}`,
            paidBeforeFen: 0,
          },
          expect: [200, 201, 409, 422],
        });
        if (paid.status < 300) made();
      }
    });
  }

  /**
   * Service year 1 as the operator plans it: its key service domains (R4.1), then the needs survey and the task book
   * (R9.2), each drafted by the operator and confirmed by both parties.
   */
  async function taskBooks(ps: readonly StationPlan[], which: 'current' | 'previous') {
    const period = periods[which];
    await inPool(ps, concurrency, async (p) => {
      const c = contracts.get(contractNumber(p, which));
      if (c?.status !== 'active') return;
      const base = `/contracts/${c.id}/service-years/1`;
      const cosign = async (kind: 'needs-survey' | 'task-book', content: object) => {
        let doc = (await call('GET', `${base}/${kind}`, { as: p.operatorUser, expect: [200, 404] })).body;
        if (!doc.version) {
          doc = (await call('PUT', `${base}/${kind}`, { as: p.operatorUser, body: content })).body;
          made();
        }
        for (const [as, party] of [
          [p.operatorUser, 'operator'],
          [jd(p), 'street_office'],
        ] as const) {
          if (doc.confirmations?.[party]) continue;
          doc = (await call('POST', `${base}/${kind}/confirmations`, { as, body: { version: doc.version } }))
            .body;
          made();
        }
      };
      // The year's key service domains (R4.1): those of its three tasks.
      const tasks = TASKS.filter((t) => t.id !== (chance(`tasks:${c.number}`) < 0.5 ? 'T2' : 'T3'));
      if (!c.keyDomains?.['1']) {
        const fresh = (await call('GET', `/contracts/${c.id}`, { as: p.operatorUser })).body;
        contracts.set(
          c.number,
          (
            await call('PUT', `/contracts/${c.id}/service-years/1/key-domains`, {
              as: p.operatorUser,
              body: { version: fresh.version, domains: tasks.map((t) => t.category) },
            })
          ).body,
        );
        made();
      }
      await cosign('needs-survey', {
        conductedOn: addDays(period.start, -between(`survey:${c.number}`, 20, 40)),
        methods: '入户走访、居民问卷、社区座谈',
        findings: `${DEMO_MARK}${p.street.name}独居和留守老人较多，困难家庭对政策了解不足，居民希望社区活动更丰富。`,
      });
      await cosign('task-book', {
        items: tasks.map((t) => ({
          id: t.id,
          category: t.category,
          title: t.title,
          unit: t.unit,
          target: between(`target:${c.number}:${t.id}`, t.target[0], t.target[1]),
        })),
      });
    });
  }

  /** Progress against each task, as of the clock's day: the share of the year gone by, more or less. */
  async function taskProgress(ps: readonly StationPlan[], which: 'current' | 'previous') {
    const period = periods[which];
    const clockDay = (await call('GET', '/local/clock')).body.today as IsoDate;
    await inPool(ps, concurrency, async (p) => {
      const c = contracts.get(contractNumber(p, which));
      if (c?.status !== 'active') return;
      const base = `/contracts/${c.id}/service-years/1/task-book`;
      const book = (await call('GET', base, { as: p.operatorUser, expect: [200, 404] })).body;
      if (!book.effective) return;
      const asOf = which === 'current' && p.terminatedOn ? addDays(p.terminatedOn, -1) : clockDay;
      const gone = daysBetween(period.start, asOf) + 1;
      const year = daysBetween(period.start, period.end) + 1;
      for (const item of book.effective.content.items as { id: string; target: number }[]) {
        if (book.progress?.[item.id]) continue;
        const percent = between(`progress:${c.number}:${item.id}`, 72, 112);
        await call('PUT', `${base}/tasks/${item.id}/progress`, {
          as: p.operatorUser,
          body: { actual: Math.floor((item.target * percent * gone) / (100 * year)), asOf },
        });
        made();
      }
    });
  }

  /**
   * The dedicated ledger (R27.1): most of what was paid is spent, by the contract's three categories, each entry
   * with its voucher uploaded first (a presigned PUT, as the portal does).
   */
  async function ledger(ps: readonly StationPlan[], which: 'current' | 'previous') {
    const period = periods[which];
    await inPool(ps, concurrency, async (p) => {
      const known = contracts.get(contractNumber(p, which));
      if (!known || known.status === 'draft') return;
      // Read again: the publicity-closing job ended the unqualified ones, whose ledger stops on their last day.
      const c = (await call('GET', `/contracts/${known.id}`, { as: mz(p) })).body;
      const op = p.operatorUser;
      const held = (await call('GET', `/contracts/${c.id}/ledger`, { as: op })).body;
      if ((held.entries ?? []).length > 0) return;
      const payments = (await call('GET', `/contracts/${c.id}/payments`, { as: cz(p) })).body;
      const paid = (payments.disbursements ?? []) as { amountFen: number; paidOn: IsoDate }[];
      const paidFen = paid.reduce((n, d) => n + d.amountFen, 0);
      const firstPaid = paid.map((d) => d.paidOn).sort()[0];
      if (!firstPaid || paidFen === 0) return;
      const last = [
        addDays(today, -1),
        period.end,
        ...(which === 'current' && p.terminatedOn ? [addDays(p.terminatedOn, -1)] : []),
        ...(c.endedOn ? [c.endedOn as IsoDate] : []),
      ].reduce(min);
      const spentFen = Math.floor((paidFen * between(`spent:${c.number}`, 78, 97)) / 100 / 100) * 100;
      const labourFen = Math.floor((spentFen * 72) / 100 / 100) * 100;
      const qualityFen = Math.floor((spentFen * 18) / 100 / 100) * 100;
      const entries = [
        {
          category: 'labour',
          amountFen: labourFen,
          name: '社工劳务费',
          on: addDays(last, -between(`l:${c.number}`, 2, 9)),
        },
        {
          category: 'quality_assurance',
          amountFen: qualityFen,
          name: '督导与培训费',
          on: addDays(firstPaid, between(`q:${c.number}`, 40, 120)),
        },
        {
          category: 'operator_management',
          amountFen: spentFen - labourFen - qualityFen,
          name: '运营管理费',
          on: addDays(last, -between(`m:${c.number}`, 10, 30)),
        },
      ];
      const months = `${Number(period.start.slice(5, 7))}—${Number(last.slice(5, 7))} 月`;
      for (const e of entries) {
        const spentOn = min(e.on, last);
        if (compareDates(spentOn, firstPaid) < 0) continue;
        const voucher = await makePdf([
          `${DEMO_MARK}记账凭证`,
          `合同编号：${c.number}`,
          `摘要：${months}${e.name}`,
          `金额：${yuanText(e.amountFen)}`,
          `日期：${spentOn}`,
        ]);
        const ticket = (
          await call('POST', `/contracts/${c.id}/ledger/voucher-url`, {
            as: op,
            body: { contentType: 'application/pdf', bytes: voucher.byteLength },
          })
        ).body;
        const put = await fetch(ticket.url, { method: 'PUT', headers: ticket.headers, body: voucher });
        if (!put.ok) throw new SeedError(`上传 ${c.number} 的凭证失败（HTTP ${put.status}）`);
        await call('POST', `/contracts/${c.id}/ledger`, {
          as: op,
          body: {
            spentOn,
            amountFen: e.amountFen,
            category: e.category,
            description: `${DEMO_MARK}${months}${e.name}`,
            voucherKey: ticket.key,
          },
        });
        made();
      }
    });
  }

  /**
   * The service records of the current year (issue 13): the roster of four, three registered recipients and a
   * volunteer; a record every other month (visits, a group, a community activity) and, at half the stations, a case
   * from intake to closing.
   */
  async function serviceWork(ps: readonly StationPlan[]) {
    const period = periods.current;
    await inPool(ps, concurrency, async (p) => {
      const c = contracts.get(contractNumber(p, 'current'));
      if (c?.status !== 'active') return;
      const op = p.operatorUser;
      const stationId = (stations.get(p.street.code) as { id: string }).id;
      const last = min(addDays(today, -1), p.terminatedOn ? addDays(p.terminatedOn, -1) : today);
      const k = c.number;

      const workers: string[] = (await call('GET', `/contracts/${c.id}/workers`, { as: op })).body.items.map(
        (w: { id: string }) => w.id,
      );
      for (let i = workers.length; i < 4; i++) {
        const birth = `${between(`wy:${k}:${i}`, 1975, 1998)}-0${between(`wm:${k}:${i}`, 1, 9)}-1${between(`wd:${k}:${i}`, 0, 9)}`;
        const first17 = `${p.district.code}${birth.replaceAll('-', '')}${p.street.code.slice(6)}`;
        const worker = await call('POST', `/contracts/${c.id}/workers`, {
          as: op,
          body: {
            name: personName(`worker:${k}:${i}`),
            qualification: i === 0 ? 'intermediate' : i < 3 ? 'assistant' : 'none',
            idNumber: `${first17}${idNumberCheckCharacter(first17)}`,
            startOn: period.start,
          },
        });
        workers.push(worker.body.id);
        made();
      }

      const registered = (await call('GET', `/stations/${stationId}/recipients?limit=100`, { as: op })).body
        .items;
      const recipients: string[] = registered.map((r: { id: string }) => r.id);
      const fresh = recipients.length === 0;
      for (let i = recipients.length; i < 3; i++) {
        const recipient = await call('POST', `/stations/${stationId}/recipients`, {
          as: op,
          body: {
            name: personName(`recipient:${k}:${i}`),
            category: pick(`category:${k}:${i}`, RECIPIENT_CATEGORIES),
            birthDate: `${between(`ry:${k}:${i}`, 1938, 1965)}-0${between(`rm:${k}:${i}`, 1, 9)}-2${between(`rd:${k}:${i}`, 0, 8)}`,
            consent: {
              givenOn: addDays(period.start, between(`consent:${k}:${i}`, 3, 20)),
              scope: '建档、服务记录与转介',
              givenBy: 'self',
              sensitiveDataConsent: true,
            },
          },
        });
        recipients.push(recipient.body.id);
        made();
      }

      const volunteers = (await call('GET', `/stations/${stationId}/volunteers?limit=100`, { as: op })).body
        .items;
      let volunteerId: string | undefined = volunteers[0]?.id;
      if (!volunteerId) {
        volunteerId = (
          await call('POST', `/stations/${stationId}/volunteers`, {
            as: op,
            body: {
              name: personName(`volunteer:${k}`),
              skills: [pick(`skill:${k}`, ['理发', '陪伴聊天', '家电维修', '书法', '健康咨询'])],
              registeredOn: addDays(period.start, between(`volunteerOn:${k}`, 5, 25)),
            },
          })
        ).body.id as string;
        made();
      }

      // A record every other month of the year, on a weekday mid-month; checked month by month on a second run.
      for (let m = 0; m < 12; m += 2) {
        const date = weekday(addDays(addMonths(period.start, m), between(`day:${k}:${m}`, 4, 22)));
        if (compareDates(date, last) > 0) break;
        if (!fresh) {
          const held = await call('GET', `/stations/${stationId}/service-records?month=${date.slice(0, 7)}`, {
            as: op,
          });
          if (held.body.items.length > 0) continue;
        }
        const shape = pick(`kind:${k}:${m}`, RECORD_KINDS);
        const record = await call('POST', `/stations/${stationId}/service-records`, {
          as: op,
          body: {
            kind: shape.kind,
            date,
            title: pick(`title:${k}:${m}`, shape.titles),
            workerIds: workers.slice(m % 2, (m % 2) + shape.workers),
            recipientIds: recipients.slice(0, shape.recipients),
            minutes: between(`minutes:${k}:${m}`, shape.minutes[0], shape.minutes[1]),
            ...(shape.kind === 'community-activity'
              ? { headcount: between(`headcount:${k}:${m}`, 25, 80) }
              : {}),
          },
        });
        made();
        if (shape.kind === 'community-activity') {
          await call('POST', `/stations/${stationId}/volunteer-hours`, {
            as: op,
            body: {
              volunteerId,
              date,
              minutes: between(`vminutes:${k}:${m}`, 120, 240),
              activity: '协助组织社区活动',
              serviceRecordId: record.body.id,
            },
          });
          made();
        }
      }

      // A case at half the stations: intake in the second month, closed after an intervention if there was time.
      if (chance(`case:${k}`) >= 0.5) return;
      if ((await call('GET', `/stations/${stationId}/cases?limit=100`, { as: op })).body.items.length > 0)
        return;
      const openedOn = weekday(addDays(period.start, between(`caseOn:${k}`, 35, 60)));
      if (compareDates(addDays(openedOn, 90), last) > 0) return;
      let kase = (
        await call('POST', `/stations/${stationId}/cases`, {
          as: op,
          body: {
            recipientId: recipients[0],
            workerId: workers[0],
            presentingProblem: pick(`problem:${k}`, [
              '独居，情绪低落，少与邻里往来',
              '行动不便，日常照料无人协助',
              '家庭矛盾，子女长期在外',
            ]),
            openedOn,
          },
        })
      ).body;
      made();
      const step = async (path: string, body: object) => {
        kase = (
          await call('POST', `/cases/${kase.id}/${path}`, {
            as: op,
            body: { version: kase.version, ...body },
          })
        ).body;
        made();
      };
      await step('assessment', {
        on: addDays(openedOn, 7),
        findings: '社会支持薄弱，需要定期探访与资源链接',
      });
      await step('plan', { on: addDays(openedOn, 14), goals: ['每两周探访一次', '链接社区志愿者结对帮扶'] });
      await call('POST', `/stations/${stationId}/service-records`, {
        as: op,
        body: {
          kind: 'case-intervention',
          date: weekday(addDays(openedOn, 30)),
          title: '个案面谈',
          workerIds: [workers[0]],
          recipientIds: [recipients[0]],
          caseId: kase.id,
          minutes: between(`caseMinutes:${k}`, 45, 90),
        },
      });
      made();
      kase = (await call('GET', `/cases/${kase.id}`, { as: op })).body;
      await step('closing', {
        on: addDays(openedOn, 90),
        outcome: chance(`outcome:${k}`) < 0.7 ? 'achieved' : 'partly_achieved',
        summary: '服务目标基本达成，已建立邻里互助关系，转入定期回访',
      });
    });
  }

  async function refresh(p: StationPlan, which: 'current' | 'previous') {
    const c = contracts.get(contractNumber(p, which));
    const e = (await call('GET', `/evaluations/${evaluationOf(c.id)?.id}`, { as: mz(p) })).body;
    evaluations.set(`${e.contractId}/${e.serviceYear.n}`, e);
    return e;
  }

  /** Commission → three scores → the third party's report → confirmation → publicity, to the stage asked. */
  async function evaluate(
    ps: readonly StationPlan[],
    which: 'current' | 'previous',
    grade: (p: StationPlan) => Grade,
    toStage: boolean | 'commissioned' | 'scored',
  ) {
    const period = periods[which];
    await inPool(ps, concurrency, async (p) => {
      const c = contracts.get(contractNumber(p, which));
      const evaluatorIndex = Math.floor(chance(`tp:${c.number}`) * DEMO_DATA_EVALUATORS.length);
      const evaluator = DEMO_DATA_EVALUATORS[evaluatorIndex] as (typeof DEMO_DATA_EVALUATORS)[number];
      const tp = `demo.tp.${evaluatorIndex + 1}`;
      let e = (
        await call('POST', `/contracts/${c.id}/evaluations`, {
          as: mz(p),
          body: { serviceYear: 1, evaluator, planned: { start: addDays(period.end, -29), end: period.end } },
        })
      ).body;
      evaluations.set(`${c.id}/1`, e);
      made();
      if (toStage === 'commissioned') return;
      const g = GRADE_SCORES[grade(p)];
      const share = between(`share:${c.number}`, g.share[0], g.share[1]) / 100;
      const indicators = Object.fromEntries(
        Object.entries(INDICATOR_MAX_HUNDREDTHS).map(([k, max]) => [
          k,
          Math.floor(max * Math.min(1, share + (chance(`ind:${c.number}:${k}`) - 0.5) * 0.06)) / 100,
        ]),
      );
      const score = async (as: string, body: object) => {
        e = (await call('PUT', `/evaluations/${e.id}/scores`, { as, body: { version: e.version, ...body } }))
          .body;
        made();
      };
      await score(tp, { indicators });
      await score(mz(p), { score: between(`d:${c.number}`, g.district[0] * 100, g.district[1] * 100) / 100 });
      await score(jd(p), { score: between(`s:${c.number}`, g.street[0] * 100, g.street[1] * 100) / 100 });
      evaluations.set(`${c.id}/1`, e);
      if (toStage === 'scored') return;
      await submit(`EVAL-${e.id}`, tp, [
        `${DEMO_MARK}${p.district.name}${p.street.name}社会工作服务站 服务年度评估报告`,
        '评估概况',
        `评估机构：${evaluator.name}`,
        '评估方法',
        '查阅档案、实地走访、服务对象满意度调查',
        '评估结果',
        `综合得分 ${e.result?.total ?? ''}，等级 ${GRADE_NAMES[grade(p)]}`,
        '存在问题',
        '个案记录不够完整',
        '改进建议',
        '加强督导，完善档案管理',
      ]);
      e = (await call('GET', `/evaluations/${e.id}`, { as: mz(p) })).body;
      e = (
        await call('POST', `/evaluations/${e.id}/confirmation`, { as: mz(p), body: { version: e.version } })
      ).body;
      made();
      const notice = (
        await call('POST', `/evaluations/${e.id}/publicity`, { as: mz(p), body: { version: e.version } })
      ).body;
      made();
      if (which === 'previous') closable.add(notice.period.closableOn);
      evaluations.set(`${c.id}/1`, { ...e, publicityId: notice.id });
    });
  }

  async function uploadPdf(slotId: string, as: string, lines: readonly string[]) {
    const bytes = await makePdf(lines);
    const ticket = await call('POST', `/reports/${encodeURIComponent(slotId)}/upload-url`, {
      as,
      body: { contentType: 'application/pdf', bytes: bytes.byteLength, fileName: `${slotId}.pdf` },
    });
    const put = await fetch(ticket.body.url, {
      method: 'PUT',
      headers: ticket.body.headers ?? { 'content-type': 'application/pdf' },
      body: bytes,
    });
    if (!put.ok) throw new SeedError(`上传 ${slotId} 到对象存储失败（HTTP ${put.status}）`);
    made();
    return ticket.body.uploadId as string;
  }

  /**
   * Uploads a report and waits until the upload trigger has validated it, so that no more validations run at once
   * than uploads are in flight; on a machine too busy to validate within the trigger's timeout, uploads it again.
   */
  async function submit(slotId: string, as: string, lines: readonly string[]) {
    await untilValidated(slotId, as, await uploadPdf(slotId, as, lines), lines);
  }

  async function reportYear(ps: readonly StationPlan[], which: 'current' | 'previous') {
    type Action = {
      day: IsoDate;
      kind: 'upload' | 'return' | 'reupload' | 'accept';
      slot: Answer['body'];
      key: string;
      p: StationPlan;
      /** Of an acceptance: which recipient (R9.3: the street office and the district both accept). */
      by?: 'street' | 'district';
    };
    const actions: Action[] = [];
    await inPool(ps, concurrency, async (p) => {
      const c = contracts.get(contractNumber(p, which));
      const slots = await listAll(call, `/reports?contractId=${c.id}`, mz(p));
      // An unqualified contract ends when its result is final, three weeks before the year does (R18.1).
      const endsOn =
        which === 'current'
          ? p.terminatedOn
          : p.previous?.grade === 'unqualified'
            ? addDays(periods.previous.end, -20)
            : undefined;
      for (const slot of slots) {
        // This year's final report falls due next month. Of last year's, only those due this year are replayed (its
        // December brief and final report), so that this year's lists hold nothing stale: its whole year would add a
        // third to the seed's time (`--scale 0.2`: 77 s against 58 s).
        if ((which === 'current' && slot.kind === 'final') || slot.status === 'cancelled') continue;
        if (which === 'previous' && compareDates(slot.dueOn, periods.current.start) < 0) continue;
        // Keyed by the contract's number, not its id, so that every system makes the same choices.
        const k = `report:${String(slot.id).replace(c.id, c.number)}`;
        const roll = chance(k);
        // 83 % on time (0–6 days early), 12 % late (1–15 days after), 5 % never submitted.
        // On time: a few days before it falls due, never before the period it reports on has ended.
        const early = addDays(slot.dueOn, -between(`${k}:early`, 0, 6));
        const day =
          roll < 0.83
            ? compareDates(early, slot.period.end) > 0
              ? early
              : min(addDays(slot.period.end, 1), slot.dueOn)
            : roll < 0.95
              ? addDays(slot.dueOn, between(`${k}:late`, 1, 15))
              : undefined;
        if (!day || compareDates(day, today) > 0 || compareDates(day, slot.period.end) <= 0) continue;
        if (endsOn && compareDates(day, endsOn) >= 0) continue;
        if (slot.currentUploadId) continue;
        actions.push({ day, kind: 'upload', slot, p, key: k });
        let inForReview: IsoDate | undefined = day;
        // One report in fourteen is returned by the street office two days later; most are then uploaded again.
        if (chance(`${k}:return`) < 0.07) {
          const returned = addDays(day, 2);
          if (compareDates(returned, today) > 0) continue;
          actions.push({ day: returned, kind: 'return', slot, p, key: k });
          const again = addDays(returned, between(`${k}:again`, 2, 6));
          inForReview = undefined;
          if (chance(`${k}:again`) < 0.7 && compareDates(again, today) <= 0) {
            actions.push({ day: again, kind: 'reupload', slot, p, key: k });
            inForReview = again;
          }
        }
        // Both recipients accept it on a working day within the week, the street office first; the reports of
        // the last three weeks still wait in their 待审阅 lists.
        for (const [by, from, to] of [
          ['street', 1, 3],
          ['district', 2, 6],
        ] as const) {
          const on = inForReview && weekday(addDays(inForReview, between(`${k}:${by}`, from, to)));
          if (on && compareDates(on, addDays(today, -21)) <= 0)
            actions.push({ day: on, kind: 'accept', by, slot, p, key: k });
        }
      }
    });
    const days = [...new Set(actions.filter((a) => a.kind !== 'accept').map((a) => a.day))].sort();
    log(
      `${which === 'previous' ? '上一服务年度的报告' : '报告'}：${actions.filter((a) => a.kind === 'upload').length} 份待上传，分 ${days.length} 天。`,
    );
    // The clock matters only when S3 receives a file (the event's time decides timeliness), so each day's files are
    // put while the clock shows that day (a few at once) and validated in the background while the clock moves on.
    // The seeder does not watch every upload: it keeps a queue of those whose verdict it has not seen, and when
    // `limit` are outstanding it waits for the oldest (the trigger works through them in order, so the next ones
    // are usually done by then); a return, or a second upload of the same report, waits for the verdict first.
    const limit = concurrency;
    const pending: Pending[] = [];
    const latest = new Map<string, Pending>();
    const verdict = (u: Pending) => {
      u.verdict ??= untilValidated(u.slotId, u.as, u.uploadId, u.lines, u.at).finally(() => {
        const i = pending.indexOf(u);
        if (i >= 0) pending.splice(i, 1);
      });
      return u.verdict;
    };
    const validated = async (slotId: string) => {
      const u = latest.get(slotId);
      if (u) await verdict(u);
    };
    for (const day of days) {
      await setToday(day);
      const todays = actions.filter((a) => a.day === day);
      // The day's returns go alongside its uploads: a return is of a report uploaded two days or more before, and
      // its report is uploaded again two days or more after, so none of them waits for another of the same day.
      await Promise.all([
        inPool(
          todays.filter((a) => a.kind === 'upload' || a.kind === 'reupload'),
          UPLOADS_AT_ONCE,
          async (a) => {
            await validated(a.slot.id);
            while (pending.length >= limit) await verdict(pending[0] as Pending);
            const lines = [
              `${DEMO_MARK}${a.p.district.name}${a.p.street.name}社会工作服务站 ${a.slot.title}`,
              ...reportLines(a.slot.kind, a.key),
            ];
            const as = a.p.operatorUser;
            const u: Pending = {
              slotId: a.slot.id,
              as,
              lines,
              uploadId: await uploadPdf(a.slot.id, as, lines),
              at: performance.now(),
            };
            pending.push(u);
            latest.set(a.slot.id, u);
          },
        ),
        ...todays
          .filter((a) => a.kind === 'return')
          .map(async (a) => {
            await validated(a.slot.id);
            const detail = (await call('GET', `/reports/${encodeURIComponent(a.slot.id)}`, { as: jd(a.p) }))
              .body;
            if (detail.slot.status !== 'submitted' || !detail.slot.currentUploadId) return;
            await call('POST', `/reports/${encodeURIComponent(a.slot.id)}/review`, {
              as: jd(a.p),
              body: {
                version: detail.slot.version,
                uploadId: detail.slot.currentUploadId,
                decision: 'return',
                comment: `${DEMO_MARK}${pick(`comment:${a.key}`, ['请补充活动照片和签到表', '服务数据与台账不一致，请核对', '请补充个案服务记录摘要'])}`,
              },
            });
            made();
          }),
      ]);
    }
    await Promise.all([...pending].map(verdict));
    // The recipients' acceptances, replayed on their days once every verdict is in (waiting for verdicts among the
    // uploads would stall their pipeline): a report's acceptances of a day one after the other, as each changes its
    // version, reports side by side.
    const acceptDays = [...new Set(actions.filter((a) => a.kind === 'accept').map((a) => a.day))].sort();
    for (const day of acceptDays) {
      await setToday(day);
      const bySlot = new Map<string, Action[]>();
      for (const a of actions)
        if (a.day === day && a.kind === 'accept')
          bySlot.set(a.slot.id, [...(bySlot.get(a.slot.id) ?? []), a]);
      await inPool([...bySlot.values()], concurrency, async (accepts) => {
        for (const a of accepts) {
          const as = a.by === 'street' ? jd(a.p) : mz(a.p);
          const detail = (await call('GET', `/reports/${encodeURIComponent(a.slot.id)}`, { as })).body;
          if (!detail.slot.actions.includes('review')) continue;
          await call('POST', `/reports/${encodeURIComponent(a.slot.id)}/review`, {
            as,
            body: { version: detail.slot.version, uploadId: detail.slot.currentUploadId, decision: 'accept' },
          });
          made();
        }
      });
    }
  }

  /**
   * Waits for the trigger's verdict on an upload put at `since` (performance.now()), looking first a moment after
   * it and then every 150 ms; uploads again (at most twice) when the machine was too busy to validate it.
   */
  async function untilValidated(
    slotId: string,
    as: string,
    uploadId: string,
    lines: readonly string[],
    since = performance.now(),
  ) {
    let current = uploadId;
    for (let attempt = 1; ; attempt++) {
      for (let i = 0; i < 300; i++) {
        const wait = i === 0 ? since + 200 - performance.now() : 150;
        if (wait > 0) await new Promise((ok) => setTimeout(ok, wait));
        const detail = (await call('GET', `/reports/${encodeURIComponent(slotId)}`, { as })).body;
        const done = detail.submissions?.find((s: { uploadId: string }) => s.uploadId === current);
        if (done?.outcome === 'passed') return;
        if (done) throw new SeedError(`报告 ${slotId} 未通过校验：${JSON.stringify(done.reasons)}`);
      }
      if (attempt === 3) throw new SeedError(`报告 ${slotId} 上传三次都没有完成校验（系统太忙？）`);
      current = await uploadPdf(slotId, as, lines);
      since = performance.now();
    }
  }

  async function complaints(ps: readonly StationPlan[]) {
    const existing = new Set<string>();
    for (const d of districts) {
      for (const c of (await call('GET', `/complaints?district=${d.code}`, { as: `demo.${d.code}.mz` })).body
        .items ?? []) {
        const m = /#(\d+)/.exec(String(c.content ?? c.summary ?? ''));
        if (m) existing.add(m[1] as string);
      }
    }
    const count = Math.max(6, Math.round(ps.length / 5));
    const filed: { n: number; p: StationPlan; day: IsoDate }[] = [];
    for (let n = 1; n <= count; n++) {
      const p = ps[Math.floor(chance(`complaint:${n}`) * ps.length)] as StationPlan;
      const day = addDays(
        periods.current.start,
        // Spread over the year, the last one filed two days ago (still open).
        Math.round((n / count) * (daysBetween(periods.current.start, today) - 2)),
      );
      filed.push({ n, p, day });
    }
    for (const f of filed) {
      if (existing.has(String(f.n))) continue;
      await setToday(f.day);
      await call('POST', '/public/complaints', {
        body: {
          stationId: (stations.get(f.p.street.code) as { id: string }).id,
          content: `${DEMO_MARK}投诉 #${f.n}：${pick(`complaint-text:${f.n}`, [
            '社工站工作时间经常无人值守，电话也打不通。',
            '活动通知太晚，老年人来不及报名。',
            '社工上门服务时态度不好，没有说明来意。',
            '申请的助餐服务一个多月没有回音。',
            '站内活动室长期被占用，居民无法使用。',
          ])}`,
          ...(chance(`anon:${f.n}`) < 0.5 ? {} : { name: '王女士', contact: '13900000000' }),
        },
      });
      made();
      // The public gets a tracking code only; the district finds the complaint in its list.
      const listed = (await call('GET', `/complaints?district=${f.p.district.code}`, { as: mz(f.p) })).body
        .items;
      const complaint = listed.find((c: { content: string }) => c.content.includes(`投诉 #${f.n}：`));
      if (!complaint) throw new SeedError(`投诉 #${f.n} 提交后不在区县的投诉列表中`);
      const id = complaint.id as string;
      const closeIt = compareDates(addDays(f.day, 20), today) < 0;
      await setToday(min(addDays(f.day, chance(`ack:${f.n}`) < 0.8 ? 1 : 4), today));
      const c = (await call('GET', `/complaints/${id}`, { as: mz(f.p) })).body;
      const acked = (
        await call('POST', `/complaints/${id}/acknowledgement`, { as: mz(f.p), body: { version: c.version } })
      ).body;
      made();
      if (!closeIt) continue;
      await setToday(addDays(f.day, between(`close:${f.n}`, 5, 18)));
      await call('POST', `/complaints/${id}/closure`, {
        as: mz(f.p),
        body: {
          version: acked.version,
          upheld: chance(`upheld:${f.n}`) < 0.4,
          reply: `${DEMO_MARK}已约谈承接方并核实情况，责令整改，整改情况已回访投诉人。`,
        },
      });
      made();
    }
  }

  async function funds() {
    const year = Number(periods.current.start.slice(0, 4));
    for (const d of districts) {
      const current = (await call('GET', `/budgets/${year}`, { as: 'city.cz' })).body;
      const has = JSON.stringify(current).includes(`"${d.code}"`);
      if (has) continue;
      const total = plans
        .filter((p) => p.district.code === d.code && !p.draftOnly)
        .reduce((s, p) => s + p.amountFen, 0);
      const ratio = between(`ratio:${d.code}`, 30, 60);
      const cityShareFen = Math.round((total * ratio) / 100 / 100) * 100;
      await call('PUT', `/budgets/${year}/districts/${d.code}`, {
        as: 'city.cz',
        body: {
          cityShareFen,
          districtShareFen: total - cityShareFen,
          sharingRatioPercent: ratio,
          version: 0,
        },
      });
      made();
    }
    const allocations = (await call('GET', `/allocations?year=${year}`, { as: 'city.cz' })).body;
    if (!(allocations.items ?? allocations).length) {
      await call('POST', '/allocations', {
        as: 'city.cz',
        body: {
          year,
          poolFen: 2_000_000_000,
          fiscalCapacityBp: Object.fromEntries(
            jinanDivisions().map((d) => [d.code, between(`fiscal:${d.code}`, 2500, 9000)]),
          ),
        },
      });
      made();
    }
    // The recovery cases of unqualified results: the first repays part, the second all.
    const cases: Answer['body'][] = [];
    for (const d of districts) {
      cases.push(
        ...((await call('GET', `/recovery-cases?district=${d.code}`, { as: `demo.${d.code}.cz` })).body
          .items ?? []),
      );
    }
    let i = 0;
    for (const rc of cases) {
      const district = rc.districtCode as string;
      i++;
      if ((rc.repaidFen ?? 0) > 0 || !(rc.amountFen > 0)) continue;
      const amountFen = i % 2 === 1 ? Math.round(rc.amountFen / 3) : rc.amountFen;
      await call('POST', `/recovery-cases/${rc.id}/repayments`, {
        as: `demo.${district}.cz`,
        body: { amountFen, paidOn: addDays(periods.current.start, 20), version: rc.version },
      });
      made();
    }
  }

  async function currentEvaluations(ps: readonly StationPlan[]) {
    const live = ps.filter((p) => !p.terminatedOn);
    const todo = live.filter((p) => !evaluationOf(contracts.get(contractNumber(p, 'current')).id));
    const stage = (p: StationPlan) => {
      const r = chance(`stage:${p.key}`);
      return r < 0.08 ? 'published' : r < 0.2 ? 'scored' : r < 0.45 ? 'commissioned' : 'none';
    };
    const grade = (p: StationPlan): Grade =>
      pick(`grade-now:${p.key}`, ['excellent', 'good', 'good', 'good', 'qualified', 'qualified'] as const);
    // At least one published notice whatever the scale; only what has no evaluation yet is created.
    const published = live.filter((p) => stage(p) === 'published');
    if (published.length === 0 && live[0]) published.push(live[0]);
    await evaluate(
      todo.filter((p) => stage(p) === 'commissioned' && !published.includes(p)),
      'current',
      grade,
      'commissioned',
    );
    await evaluate(
      todo.filter((p) => stage(p) === 'scored' && !published.includes(p)),
      'current',
      grade,
      'scored',
    );
    await evaluate(
      published.filter((p) => todo.includes(p)),
      'current',
      grade,
      true,
    );
    // An objection waiting for the district on the first notice.
    const first = published[0];
    if (first && todo.includes(first)) {
      const e = await refresh(first, 'current');
      await call('POST', `/public/publicity/${e.publicityId}/objections`, {
        body: { content: `${DEMO_MARK}评估期间未见评估人员到社区走访，请核实`, contact: '13700000000' },
      });
      made();
    }
  }

  async function summary(): Promise<DemoSummary> {
    await loadContracts();
    await loadEvaluations();
    const contractStates = { draft: 0, active: 0, expired: 0, completed: 0, terminated: 0 };
    for (const c of contracts.values()) {
      const expired = c.status === 'active' && compareDates(today, c.servicePeriod.end) > 0;
      contractStates[expired ? 'expired' : (c.status as keyof typeof contractStates)]++;
    }
    const reports = { submitted: 0, onTime: 0, late: 0, returned: 0, open: 0, accepted: 0 };
    await inPool(
      [...contracts.values()].filter((c) => c.number.split('-').length === 3 && c.status !== 'draft'),
      concurrency,
      async (c) => {
        for (const s of await listAll(call, `/reports?contractId=${c.id}`, `demo.${c.districtCode}.mz`)) {
          if (s.firstSubmittedOn) {
            reports.submitted++;
            if (s.onTime) reports.onTime++;
            else reports.late++;
          } else if (s.status === 'open' && compareDates(s.dueOn, today) < 0) reports.open++;
          if (s.status === 'returned') reports.returned++;
          if (s.status === 'accepted') reports.accepted++;
        }
      },
    );
    const grades: Record<string, number> = {};
    let final = 0;
    for (const e of evaluations.values()) {
      if (e.status === 'final') final++;
      if (e.result)
        grades[GRADE_NAMES[e.result.grade as Grade]] =
          (grades[GRADE_NAMES[e.result.grade as Grade]] ?? 0) + 1;
    }
    const notices = [
      ...(await call('GET', '/public/publicity?status=open')).body.items,
      ...(await call('GET', '/public/publicity?status=closed')).body.items,
    ].filter((n: { districtCode?: string }) => districts.some((d) => d.code === n.districtCode));
    let objections = 0;
    for (const d of districts) {
      objections += (
        (await call('GET', `/objections?district=${d.code}`, { as: `demo.${d.code}.mz`, expect: [200, 400] }))
          .body.items ?? []
      ).length;
    }
    let complaintsTotal = 0;
    let closed = 0;
    let recoveryCases = 0;
    let disbursements = 0;
    for (const d of districts) {
      const items =
        (await call('GET', `/complaints?district=${d.code}`, { as: `demo.${d.code}.mz` })).body.items ?? [];
      complaintsTotal += items.length;
      closed += items.filter((c: { status: string }) => c.status === 'closed').length;
      recoveryCases += (
        (await call('GET', `/recovery-cases?district=${d.code}`, { as: `demo.${d.code}.cz` })).body.items ??
        []
      ).length;
    }
    await inPool(
      [...contracts.values()].filter((c) => c.status !== 'draft'),
      concurrency,
      async (c) => {
        const payments = (
          await call('GET', `/contracts/${c.id}/payments`, { as: `demo.${c.districtCode}.cz` })
        ).body;
        disbursements += (payments.tranches ?? []).filter(
          (t: { paidFen?: number }) => (t.paidFen ?? 0) > 0,
        ).length;
      },
    );
    const year = Number(addMonths(periods.current.start, 6).slice(0, 4));
    const shown = (await call('GET', `/performance?year=${year}`, { as: 'city.mz' })).body;
    type Shown = {
      districtCode: string;
      contracts: unknown[];
      taskCompletionBp: number | null;
      fundExecutionBp: number | null;
    };
    const demoDistricts = (shown.districts as Shown[]).filter(
      (d) => districts.some((x) => x.code === d.districtCode) && d.contracts.length > 0,
    );
    return {
      today,
      districts: districts.length,
      stations: stations.size,
      contracts: contractStates,
      reports,
      evaluations: { total: evaluations.size, final, grades },
      publicity: {
        notices: notices.length,
        open: notices.filter((n: { status: string }) => n.status === 'open').length,
        objections,
      },
      complaints: { total: complaintsTotal, closed },
      disbursements,
      recoveryCases,
      performance: {
        year,
        records: shown.serviceVolume.total.records,
        hours: shown.serviceVolume.total.hours,
        casesClosed: shown.serviceVolume.total.casesClosed,
        volunteerHours: shown.serviceVolume.total.volunteerHours,
        districts: demoDistricts.length,
        withTaskCompletion: demoDistricts.filter((d) => d.taskCompletionBp !== null).length,
        withFundExecution: demoDistricts.filter((d) => (d.fundExecutionBp ?? 0) > 0).length,
      },
      created,
    };
  }
}

/** The report's text: the policy's default headings of its type (R9.4), each with a line of plausible figures. */
function reportLines(kind: string, key: string): string[] {
  const headings =
    DEFAULT_REPORT_TEMPLATES[kind as keyof typeof DEFAULT_REPORT_TEMPLATES] ??
    DEFAULT_REPORT_TEMPLATES.monthly_brief;
  return headings.flatMap((h, i) => [
    h,
    `${pick(`line:${key}:${i}`, ['开展走访慰问', '组织小组活动', '提供个案服务', '举办社区活动', '链接志愿服务'])} ${between(`n:${key}:${i}`, 3, 40)} 次，服务 ${between(`m:${key}:${i}`, 20, 400)} 人次。`,
  ]);
}

/** The zh-CN summary `npm run seed:demo` prints. */
export function formatSummary(s: DemoSummary, seconds: number): string {
  const grades = ['优秀', '良好', '合格', '不合格']
    .map((g) => `${g} ${s.evaluations.grades[g] ?? 0}`)
    .join('、');
  return [
    `演示数据已就绪（系统日期 ${s.today}，用时 ${seconds.toFixed(1)} 秒，本次新建 ${s.created} 项${s.created === 0 ? '：已有的演示数据都在，什么也没改' : ''}）：`,
    `  区县 ${s.districts} 个，社工站 ${s.stations} 个`,
    `  合同：草拟 ${s.contracts.draft}、履行中 ${s.contracts.active}、已到期 ${s.contracts.expired}、已完成 ${s.contracts.completed}、已终止 ${s.contracts.terminated}`,
    `  报告：已提交 ${s.reports.submitted} 份（按时 ${s.reports.onTime}、逾期 ${s.reports.late}），已验收 ${s.reports.accepted} 份，被退回待重交 ${s.reports.returned} 份，逾期未交 ${s.reports.open} 份`,
    `  评估：${s.evaluations.total} 项，结果已生效 ${s.evaluations.final} 项；等级 ${grades}`,
    `  公示：${s.publicity.notices} 项（公示中 ${s.publicity.open}），异议 ${s.publicity.objections} 件`,
    `  投诉：${s.complaints.total} 件（已办结 ${s.complaints.closed}）`,
    `  资金：已拨付 ${s.disbursements} 期，追回案件 ${s.recoveryCases} 件`,
    `  服务（${s.performance.year} 年）：服务记录 ${s.performance.records} 条、${s.performance.hours} 小时，结案 ${s.performance.casesClosed} 个，志愿服务 ${s.performance.volunteerHours} 小时`,
    `  绩效（${s.performance.year} 年）：有合同的 ${s.performance.districts} 个区县中，${s.performance.withTaskCompletion} 个有任务完成率，${s.performance.withFundExecution} 个有资金执行率`,
    '  演示用户：demo.<区县代码>.mz / .cz、demo.<街道代码>.jd、demo.op.1–6、demo.tp.1–2（npm run token -- demo.370102.mz）',
  ].join('\n');
}

// The command ----------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const fail = (message: string): never => {
    console.error(message);
    process.exit(2);
  };
  const { values } = (() => {
    try {
      return parseArgs({ options: { scale: { type: 'string' } } });
    } catch (error) {
      return fail(`参数有误：${(error as Error).message}。用法：npm run seed:demo [-- --scale 0.1–1]`);
    }
  })();
  const scale = values.scale === undefined ? 1 : Number(values.scale);
  if (!(scale > 0 && scale <= 1)) fail(`--scale ${values.scale} 无效：须为 0 到 1 之间的数，例如 0.25。`);
  const dataDir = resolve(process.env.DATA_DIR ?? '.data');
  const found = findRunningSystem(dataDir);
  const running = 'problem' in found ? fail(found.problem) : found;
  const started = performance.now();
  try {
    // Each step with the seconds since the start, so a long first run shows where it is.
    const log = (line: string) =>
      console.log(`[${Math.round((performance.now() - started) / 1000)} 秒] ${line}`);
    const summary = await seedDemo({ apiUrl: running.apiUrl, scale, log });
    console.log(formatSummary(summary, (performance.now() - started) / 1000));
  } catch (error) {
    if (runtimeStopped(error)) {
      fail(
        `本地系统 ${running.apiUrl} 没有响应：数据目录 ${dataDir} 的 npm start（进程 ${running.pid}）似乎已经停止。`,
      );
    }
    if (error instanceof SeedError)
      fail(`演示数据没有生成完：${error.message}\n可以再次运行 npm run seed:demo，已有的数据不会重复创建。`);
    throw error;
  }
}

if (process.argv[1] && import.meta.url === new URL(`file://${resolve(process.argv[1])}`).href) await main();
