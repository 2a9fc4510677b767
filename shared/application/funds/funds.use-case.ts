import { ulid } from 'ulid';
import { queryContracts } from '#shared/adapters/dynamodb/contracts.repository';
import { listDivisions } from '#shared/adapters/dynamodb/divisions.repository';
import { getDocument, listProgress } from '#shared/adapters/dynamodb/documents.repository';
import { evaluationsOfDistrict } from '#shared/adapters/dynamodb/evaluations.repository';
import {
  type AllocationRun,
  allocationsOfYear,
  type Budget,
  budgetsOfYear,
  createAllocationWrite,
  disbursementsOf,
  getBudget,
  ledgerOf,
  putBudgetWrite,
} from '#shared/adapters/dynamodb/funds.repository';
import { listPolicyVersions } from '#shared/adapters/dynamodb/policy.repository';
import { getStation } from '#shared/adapters/dynamodb/stations.repository';
import { auditRecordOf, commitWithAudit } from '#shared/adapters/dynamodb/unit-of-work';
import type { Principal } from '#shared/domain/access/roles';
import type { Actor } from '#shared/domain/audit/audit-record';
import { isEffective } from '#shared/domain/contracts/co-signed';
import { type Contract, inForceDuring } from '#shared/domain/contracts/contract';
import { serviceYears } from '#shared/domain/contracts/service-domains';
import { completionRateBasisPoints, type TaskBook } from '#shared/domain/contracts/task-book';
import { DomainError, versionConflict } from '#shared/domain/errors';
import type { Evaluation } from '#shared/domain/evaluation/evaluation';
import { GRADE_NAMES } from '#shared/domain/evaluation/scoring';
import {
  allocate,
  checkWeights,
  type DistrictFactors,
  type FactorWeights,
} from '#shared/domain/funds/allocation';
import { type DisclosedContract, ocdsReleasePackage } from '#shared/domain/funds/ocds';
import { allocationWeights, resolvePolicy } from '#shared/domain/policy/policy';
import { rateHundredths } from '#shared/domain/reports/timeliness';
import { assertInScope, readableDistricts } from '../access';
import { serviceVolumeOf } from '../services/service-volume.use-case';

/**
 * R24.1, R26.1: a contract counts in a year's allocation, performance and disclosure only when it was in force on
 * some day of the year: never as a draft, and not after the day it was terminated or completed.
 */
const inYear = (c: Contract, year: number) =>
  inForceDuring(c, { start: `${year}-01-01`, end: `${year}-12-31` });

async function contractsOfDistrict(district: string): Promise<Contract[]> {
  const all: Contract[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await queryContracts({ district, limit: 100, ...(start ? { start } : {}) });
    all.push(...page.items);
    start = page.lastKey;
  } while (start);
  return all;
}

// Budgets (R22.1) -------------------------------------------------------------------------------------------

export async function listBudgets(principal: Principal, year: number): Promise<Budget[]> {
  const districts = new Set(await readableDistricts(principal));
  return (await budgetsOfYear(year)).filter((b) => districts.has(b.districtCode));
}

/**
 * City finance sets any district's budget line; district finance its own district share only: the city share and
 * the sharing ratio are the city's (第二十二条, 第二十四条), so a district that sends other values for them is refused,
 * not silently overruled. `version` 0 creates the line.
 */
export async function putBudget(
  actor: Actor,
  year: number,
  districtCode: string,
  input: { cityShareFen: number; districtShareFen: number; sharingRatioPercent: number; version: number },
): Promise<Budget> {
  assertInScope(actor.principal, { district: districtCode });
  if (!(await listDivisions()).some((d) => d.code === districtCode)) {
    throw new DomainError(
      'UNKNOWN_DISTRICT',
      422,
      '区县代码不是济南市的区县',
      '请使用济南市区县的 6 位区划代码（如历下区 370102）。',
    );
  }
  const before = await getBudget(year, districtCode);
  if ((before?.version ?? 0) !== input.version) throw versionConflict();
  if (!actor.principal.roles.includes('city_finance')) {
    const errors = [
      ...(input.cityShareFen !== (before?.cityShareFen ?? 0)
        ? [
            {
              path: 'body.cityShareFen',
              message: `市级承担由市财政局确定（当前 ${before?.cityShareFen ?? 0} 分）`,
            },
          ]
        : []),
      ...(input.sharingRatioPercent !== (before?.sharingRatioPercent ?? 0)
        ? [
            {
              path: 'body.sharingRatioPercent',
              message: `分担比例由市财政局确定（当前 ${before?.sharingRatioPercent ?? 0}%）`,
            },
          ]
        : []),
    ];
    if (errors.length > 0) {
      throw new DomainError(
        'CITY_BUDGET_FIELDS',
        403,
        '市级承担金额和分担比例只能由市财政局设定',
        undefined,
        {
          rule: 'R22.1',
          errors,
        },
      );
    }
  }
  const after: Budget = {
    year,
    districtCode,
    cityShareFen: input.cityShareFen,
    districtShareFen: input.districtShareFen,
    sharingRatioPercent: input.sharingRatioPercent,
    version: input.version + 1,
    updatedAt: actor.now.toISOString(),
    updatedBy: actor.principal.username,
  };
  await commitWithAudit(
    [putBudgetWrite(after, before)],
    [
      auditRecordOf(actor, {
        action: 'budget.put',
        entity: { type: 'budget', id: `${year}#${districtCode}` },
        scope: { district: districtCode },
        ...(before ? { before } : {}),
        after,
      }),
    ],
  );
  return after;
}

// Performance (R26.1) ---------------------------------------------------------------------------------------

/** A rate in basis points (hundredths of a percent), rounded half up exactly, as the timeliness rates are. */
const rateBp = rateHundredths;

/** The final evaluation of a contract finalised most recently on or before the end of `year`. */
const latestFinal = (evaluations: readonly Evaluation[], contractId: string, year: number) =>
  evaluations
    .filter(
      (e) => e.contractId === contractId && e.status === 'final' && e.finalOn && e.finalOn <= `${year}-12-31`,
    )
    .sort((a, b) => ((a.finalOn ?? '') < (b.finalOn ?? '') ? 1 : -1))[0];

export interface ContractPerformance {
  readonly contractId: string;
  readonly number: string;
  readonly stationId: string;
  readonly amountFen: number;
  /** Of the service year that ends in `year` or, failing that, the last one begun in it (task book in effect). */
  readonly taskCompletionBp: number | null;
  readonly disbursedFen: number;
  readonly spentFen: number;
  /** Expenditure recorded in the year ÷ funds disbursed in the year (basis points). */
  readonly fundExecutionBp: number | null;
  readonly latestGrade: string | null;
  readonly latestTotal: string | null;
}

async function contractPerformance(
  c: Contract,
  year: number,
  evaluations: readonly Evaluation[],
): Promise<ContractPerformance> {
  const years = serviceYears(c.servicePeriod);
  const serviceYear =
    years.find((y) => y.end.startsWith(String(year))) ??
    [...years].reverse().find((y) => y.start <= `${year}-12-31`);
  let taskCompletionBp: number | null = null;
  if (serviceYear) {
    const book = await getDocument<TaskBook>(c.id, 'task-book', serviceYear.n);
    const effective = book && isEffective(book) ? book.effective?.content : undefined;
    if (effective)
      taskCompletionBp = completionRateBasisPoints(effective.items, await listProgress(c.id, serviceYear.n));
  }
  const inThisYear = (d: string) => d.startsWith(String(year));
  const [disbursements, ledger] = await Promise.all([disbursementsOf(c.id), ledgerOf(c.id)]);
  const disbursedFen = disbursements.filter((d) => inThisYear(d.paidOn)).reduce((n, d) => n + d.amountFen, 0);
  const spentFen = ledger.filter((e) => inThisYear(e.spentOn)).reduce((n, e) => n + e.amountFen, 0);
  const final = latestFinal(evaluations, c.id, year);
  return {
    contractId: c.id,
    number: c.number,
    stationId: c.stationId,
    amountFen: c.amountFen,
    taskCompletionBp,
    disbursedFen,
    spentFen,
    fundExecutionBp: rateBp(spentFen, disbursedFen),
    latestGrade: final?.result?.grade ?? null,
    latestTotal: final?.result?.total ?? null,
  };
}

export interface DistrictPerformance {
  readonly districtCode: string;
  readonly contracts: readonly ContractPerformance[];
  readonly contractTotalsFen: number;
  readonly fundExecutionBp: number | null;
  readonly taskCompletionBp: number | null;
  /** Average final total of the district's contracts, in hundredths of a point (0..10000), the allocation factor. */
  readonly evaluationBp: number | null;
  readonly grades: Readonly<Record<string, number>>;
}

async function districtPerformance(district: string, year: number): Promise<DistrictPerformance> {
  const [contracts, evaluations] = await Promise.all([
    contractsOfDistrict(district),
    evaluationsOfDistrict(district),
  ]);
  const rows = await Promise.all(
    contracts.filter((c) => inYear(c, year)).map((c) => contractPerformance(c, year, evaluations)),
  );
  const disbursed = rows.reduce((n, r) => n + r.disbursedFen, 0);
  const spent = rows.reduce((n, r) => n + r.spentFen, 0);
  const completions = rows.map((r) => r.taskCompletionBp).filter((r): r is number => r !== null);
  const finals = rows
    .map((r) => latestFinal(evaluations, r.contractId, year))
    .filter((e): e is Evaluation => e?.result !== undefined);
  const grades: Record<string, number> = {};
  for (const e of finals)
    if (e.result) grades[GRADE_NAMES[e.result.grade]] = (grades[GRADE_NAMES[e.result.grade]] ?? 0) + 1;
  const totalHundredths = finals.reduce(
    (n, e) => n + Math.floor((e.result?.totalTenThousandths ?? 0) / 100),
    0,
  );
  return {
    districtCode: district,
    contracts: rows,
    contractTotalsFen: rows.reduce((n, r) => n + r.amountFen, 0),
    fundExecutionBp: rateBp(spent, disbursed),
    taskCompletionBp: completions.length
      ? Math.floor(completions.reduce((a, b) => a + b, 0) / completions.length)
      : null,
    evaluationBp: finals.length ? Math.floor(totalHundredths / finals.length) : null,
    grades,
  };
}

/**
 * R26.1: per contract and per district, task completion, fund execution and the latest evaluation of `year`; with
 * the year's service volume per station and district counted from the service records (issue 19 item 3).
 */
export async function performance(principal: Principal, q: { year: number; district?: string }) {
  const districts = await readableDistricts(principal, q.district);
  const [rows, serviceVolume] = await Promise.all([
    Promise.all(districts.map((d) => districtPerformance(d, q.year))),
    serviceVolumeOf(districts, { from: `${q.year}-01-01`, to: `${q.year}-12-31` }),
  ]);
  return { year: q.year, districts: rows, serviceVolume };
}

// Allocation (R24.1) ----------------------------------------------------------------------------------------

export interface AllocationInput {
  readonly year: number;
  readonly poolFen: number;
  readonly weights?: FactorWeights;
  /** Fiscal capacity index of each district (0–10000), from the finance bureau's own figures. */
  readonly fiscalCapacityBp: Readonly<Record<string, number>>;
  /** The year whose performance feeds fund performance and evaluation (default: the year before). */
  readonly performanceYear?: number;
  readonly overrides?: Readonly<Record<string, Partial<Omit<DistrictFactors, 'districtCode'>>>>;
}

/**
 * City finance allocates the city-level pool to the districts by factors. The factors are taken from the records
 * (contract totals of the year, the performance year's fund execution and evaluation, each district's sharing
 * ratio from its budget) unless overridden; the run is saved with every input and source, so it can be reproduced.
 */
export async function runAllocation(actor: Actor, input: AllocationInput): Promise<AllocationRun> {
  const districts = (await listDivisions()).map((d) => d.code);
  const weights =
    input.weights ??
    allocationWeights(resolvePolicy(await listPolicyVersions(), `${input.year}-01-01`).version.parameters);
  checkWeights(weights);
  const performanceYear = input.performanceYear ?? input.year - 1;
  const budgets = new Map((await budgetsOfYear(input.year)).map((b) => [b.districtCode, b]));
  const factors: DistrictFactors[] = [];
  const sources: Record<string, Record<string, string>> = {};
  for (const code of districts) {
    const [current, previous] = await Promise.all([
      districtPerformance(code, input.year),
      districtPerformance(code, performanceYear),
    ]);
    const override = input.overrides?.[code] ?? {};
    const capacity = input.fiscalCapacityBp[code];
    if (capacity === undefined && override.fiscalCapacityBp === undefined) {
      throw new DomainError('ALLOCATION_INPUT_INVALID', 422, '缺少区县财力因素', undefined, {
        rule: 'R24.1',
        errors: [{ path: `body.fiscalCapacityBp.${code}`, message: '请填写该区县的财力指数（0–10000）' }],
      });
    }
    const budget = budgets.get(code);
    factors.push({
      districtCode: code,
      contractTotalsFen: override.contractTotalsFen ?? current.contractTotalsFen,
      fundPerformanceBp: override.fundPerformanceBp ?? previous.fundExecutionBp ?? 0,
      fiscalCapacityBp: override.fiscalCapacityBp ?? (capacity as number),
      evaluationBp: override.evaluationBp ?? previous.evaluationBp ?? 0,
      sharingRatioPercent: override.sharingRatioPercent ?? budget?.sharingRatioPercent ?? 0,
    });
    sources[code] = {
      contractTotalsFen: override.contractTotalsFen !== undefined ? 'override' : `contracts in ${input.year}`,
      fundPerformanceBp:
        override.fundPerformanceBp !== undefined ? 'override' : `fund execution ${performanceYear}`,
      fiscalCapacityBp: 'input',
      evaluationBp:
        override.evaluationBp !== undefined ? 'override' : `average final total ${performanceYear}`,
      sharingRatioPercent:
        override.sharingRatioPercent !== undefined
          ? 'override'
          : budget
            ? `budget ${input.year}`
            : 'no budget: 0',
    };
  }
  const result = allocate(input.poolFen, factors, weights);
  const run: AllocationRun = {
    id: ulid(actor.now.getTime()),
    year: input.year,
    inputs: { poolFen: input.poolFen, weights, performanceYear, factors, sources },
    result: result as unknown as Record<string, unknown>,
    createdAt: actor.now.toISOString(),
    createdBy: actor.principal.username,
  };
  await commitWithAudit(
    [createAllocationWrite(run)],
    [
      auditRecordOf(actor, {
        action: 'allocation.run',
        entity: { type: 'allocation', id: run.id },
        scope: {},
        after: run,
      }),
    ],
  );
  return run;
}

export const listAllocations = (year: number) => allocationsOfYear(year);

// Public disclosure (R28.1) ---------------------------------------------------------------------------------

async function disclosed(year: number, district?: string): Promise<DisclosedContract[]> {
  const divisions = await listDivisions();
  const codes = district ? [district] : divisions.map((d) => d.code);
  const out: DisclosedContract[] = [];
  for (const code of codes) {
    const name = divisions.find((d) => d.code === code)?.name ?? code;
    const [contracts, evaluations, budget] = await Promise.all([
      contractsOfDistrict(code),
      evaluationsOfDistrict(code),
      getBudget(year, code),
    ]);
    for (const c of contracts.filter((x) => inYear(x, year))) {
      const [station, disbursements] = await Promise.all([getStation(c.stationId), disbursementsOf(c.id)]);
      const final = latestFinal(evaluations, c.id, year);
      out.push({
        id: c.id,
        number: c.number,
        title: station?.standardName ?? c.number,
        districtCode: code,
        districtName: name,
        buyer: { id: `district-${code}`, name: `${name}民政局` },
        supplier: { id: c.operator.orgId, name: c.operator.name },
        amountFen: c.amountFen,
        period: c.servicePeriod,
        status: c.status,
        dateSigned: c.createdAt,
        ...(budget ? { budgetFen: budget.cityShareFen + budget.districtShareFen } : {}),
        disbursements: disbursements
          .filter((d) => d.paidOn.startsWith(String(year)))
          .map((d) => ({ id: d.id, date: d.paidOn, amountFen: d.amountFen, tranche: d.seq })),
        ...(final?.result && final.finalOn
          ? {
              finalEvaluation: {
                grade: final.result.grade,
                gradeName: GRADE_NAMES[final.result.grade],
                total: final.result.total,
                finalOn: final.finalOn,
              },
            }
          : {}),
      });
    }
  }
  return out;
}

/** R28.1: contracts, amounts, operators, disbursements and final results of a year, for anyone. */
export async function publicFunds(q: { year: number; district?: string }) {
  const contracts = await disclosed(q.year, q.district);
  return {
    year: q.year,
    contracts,
    totals: {
      contractsFen: contracts.reduce((n, c) => n + c.amountFen, 0),
      disbursedFen: contracts.reduce((n, c) => n + c.disbursements.reduce((m, d) => m + d.amountFen, 0), 0),
    },
  };
}

/** R28.1: the same as an OCDS 1.1 release package. */
export async function publicOcds(year: number, now: Date, baseUrl: string) {
  return ocdsReleasePackage({
    year,
    publishedDate: now.toISOString(),
    uri: `${baseUrl}/public/ocds/${year}`,
    publisherName: '济南市民政局',
    ocidPrefix: 'ocds-sgzjn',
    contracts: await disclosed(year),
  });
}
