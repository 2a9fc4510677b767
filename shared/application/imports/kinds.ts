import * as z from 'zod';
import { idNumberForDigest, type PersonDigest } from '#shared/adapters/crypto/person-digest';
import { activeContractOf, getContract, getWorker } from '#shared/adapters/dynamodb/contracts.repository';
import { listDivisions } from '#shared/adapters/dynamodb/divisions.repository';
import { contractIdsByNumber } from '#shared/adapters/dynamodb/imports.repository';
import { keys } from '#shared/adapters/dynamodb/keys';
import { guardName, personHolders } from '#shared/adapters/dynamodb/person-guard.repository';
import { getRecipient } from '#shared/adapters/dynamodb/recipients.repository';
import { queryStations } from '#shared/adapters/dynamodb/stations.repository';
import type { Write } from '#shared/adapters/dynamodb/unit-of-work';
import { now } from '#shared/clock';
import type { Principal, Role } from '#shared/domain/access/roles';
import type { Actor } from '#shared/domain/audit/audit-record';
import { type IsoDate, isIsoDate, shanghaiDate } from '#shared/domain/calendar/dates';
import {
  type Contract,
  type ContractTerms,
  checkTerms,
  QUALIFICATION_LEVELS,
  QUALIFICATION_NAMES,
} from '#shared/domain/contracts/contract';
import { isValidIdNumber, type Worker } from '#shared/domain/contracts/roster';
import { findStreet } from '#shared/domain/divisions/division';
import { DomainError, describeIssues } from '#shared/domain/errors';
import { type ImportColumn, type ImportKindId, yuanToFen } from '#shared/domain/imports/import';
import { recipientLists } from '#shared/domain/policy/policy';
import {
  type Consent,
  checkConsent,
  type Recipient,
  resolveBirthDate,
} from '#shared/domain/recipients/recipient';
import type { Station } from '#shared/domain/stations/station';
import {
  addWorker,
  periodsOverlap,
  registerContract,
  rosterEntryText,
} from '../contracts/contracts.use-case';
import { policyOn } from '../policy/policies.use-case';
import { registerEntryText, registerRecipient } from '../recipients/recipients.use-case';
import { registerVolunteer } from '../services/service-records.use-case';
import { createStation } from '../stations/stations.use-case';

/**
 * The kinds of record a spreadsheet can bring in. A kind is one declaration: its columns (zh-CN headers, as the
 * template shows them), the zod schema of a row (cells are text), the row's natural key, the scope and reference
 * checks of a row against what is stored, and the write — the very use case a user's request goes through, so every
 * business rule and audit record still applies, with the import's row marker in the same transaction.
 */
export interface CellIssue {
  readonly column: string;
  readonly reason: string;
}

export interface ImportKind<Row, Context> {
  readonly id: ImportKindId;
  /** What a row is, in zh-CN (社工站). */
  readonly title: string;
  /** Who may import it: the roles of the use case's own route. */
  readonly roles: readonly Role[];
  readonly columns: readonly ImportColumn[];
  readonly schema: z.ZodType<Row>;
  /**
   * The row's natural key: two rows of a file with one key are refused; a key an import wrote before is skipped. A
   * kind whose key names a person (`namesPeople`) names them by `digest`, keyed (person-digest.ts), never by the
   * ID number, name or phone itself.
   */
  key(row: Row, digest: PersonDigest): string;
  /** Its key names people: the check opens the deployment's person-digest key first. */
  readonly namesPeople?: true;
  /** The header of the column(s) the key comes from, for the duplicate-row issue. */
  readonly keyColumn: string;
  /**
   * Reads once what the checks of these rows need (the stations of the district, the contracts named, the people
   * already on the rosters or registers the rows add to, found by `digest` …).
   */
  prepare(principal: Principal, rows: readonly Row[], digest: PersonDigest): Promise<Context>;
  /** The row's scope and reference checks: its issues, none when it may be written. */
  check(principal: Principal, row: Row, context: Context): CellIssue[];
  /** Writes the row through its use case, `marker` in the same transaction; returns the new record's id. */
  write(actor: Actor, row: Row, context: Context, marker: Write): Promise<string>;
}

// biome-ignore lint/suspicious/noExplicitAny: the registry holds kinds of different row types
export type AnyImportKind = ImportKind<any, any>;

const text = (header: string, max: number) => z.string().max(max, `「${header}」不超过 ${max} 个字符`);
const date = (header: string) =>
  z.string().refine(isIsoDate, `「${header}」应为日期，格式 YYYY-MM-DD（如 2026-01-01）`);
const count = (header: string) =>
  z
    .string()
    .regex(/^\d{1,3}$/, `「${header}」应为 0–200 的整数`)
    .transform(Number)
    .refine((n) => n <= 200, `「${header}」应为 0–200 的整数`);
const yuan = (header: string) =>
  z.string().transform((v, ctx) => {
    const fen = yuanToFen(v);
    if (fen === undefined) {
      ctx.addIssue({ code: 'custom', message: `「${header}」应为金额（元），最多两位小数，如 600000.00` });
      return z.NEVER;
    }
    return fen;
  });
const streetCode = z.string().regex(/^\d{9}(\d{3})?$/, '「街道（镇）代码」应为 9 位（或 12 位）数字');
const mobile = z.string().regex(/^1\d{10}$/, '「手机号码」应为 11 位');
const idCardNumber = z
  .string()
  .transform((v) => v.toUpperCase())
  .refine(isValidIdNumber, '「身份证号码」无效（18 位，校验码须正确）');
const list = (v: string) =>
  v
    .split(/[;；、,，]/)
    .map((s) => s.trim())
    .filter(Boolean);
const col = (
  key: string,
  header: string,
  required: boolean,
  note: string,
  example: string,
): ImportColumn => ({
  key,
  header,
  required,
  note,
  example,
});
const outside = (what: string, own: string | undefined) =>
  `不在本辖区：只能导入本区县（${own ?? '无'}）的${what}`;
const failureReason = (error: unknown) =>
  error instanceof DomainError ? `${error.title}：${error.message}` : String(error);

// ——— 社工站 ———

const STATION_COLUMNS = [
  col('districtCode', '区县代码', true, '6 位区县代码，只能是本区县', '370102'),
  col(
    'streetCode',
    '街道（镇）代码',
    true,
    '9 位街道（镇）统计用区划代码，须属于该区县；每个街道（镇）一个社工站',
    '370102001',
  ),
  col('address', '地址', true, '社工站地址，不超过 200 字', '解放路 23 号'),
  col('openedOn', '建站日期', false, '日期，YYYY-MM-DD', '2021-06-01'),
  col('featuredBrand', '特色服务品牌', false, '不超过 100 字', '泉心暖阳'),
  col('keyTargetGroups', '重点服务对象', false, '多个用分号（；）分隔，最多 10 个', '困境儿童；独居老人'),
] as const satisfies readonly ImportColumn[];

const StationRow = z.object({
  districtCode: z.string().regex(/^\d{6}$/, '「区县代码」应为 6 位数字'),
  streetCode,
  address: text('地址', 200),
  openedOn: date('建站日期').optional(),
  featuredBrand: text('特色服务品牌', 100).optional(),
  keyTargetGroups: z
    .string()
    .transform(list)
    .refine(
      (a) => a.length <= 10 && a.every((g) => g.length <= 50),
      '「重点服务对象」最多 10 个，每个不超过 50 字',
    )
    .optional(),
});
type StationRowT = z.infer<typeof StationRow>;

interface StationContext {
  readonly divisions: Awaited<ReturnType<typeof listDivisions>>;
  /** Streets of the district that already have a station in operation, with its name. */
  readonly held: Map<string, string>;
}

/** The stations (in operation or not) of the principal's district, all pages. */
async function stationsOfDistrict(district: string | undefined): Promise<Station[]> {
  if (!district) return [];
  const all: Station[] = [];
  let cursor: string | undefined;
  do {
    const page = await queryStations({ districts: [district], limit: 100, ...(cursor ? { cursor } : {}) });
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

export const stationsKind: ImportKind<StationRowT, StationContext> = {
  id: 'stations',
  title: '社工站',
  roles: ['district_civil_affairs'],
  columns: STATION_COLUMNS,
  schema: StationRow,
  key: (row) => row.streetCode,
  keyColumn: '街道（镇）代码',
  async prepare(principal) {
    const [divisions, stations] = await Promise.all([
      listDivisions(),
      stationsOfDistrict(principal.district),
    ]);
    return {
      divisions,
      held: new Map(stations.filter((s) => s.status !== 'closed').map((s) => [s.streetCode, s.standardName])),
    };
  },
  check(principal, row, context) {
    if (row.districtCode !== principal.district)
      return [{ column: '区县代码', reason: outside('社工站', principal.district) }];
    if (!findStreet(context.divisions, row.districtCode, row.streetCode))
      return [
        { column: '街道（镇）代码', reason: `街道（镇）${row.streetCode} 不属于区县 ${row.districtCode}` },
      ];
    const holder = context.held.get(row.streetCode);
    if (holder)
      return [
        {
          column: '街道（镇）代码',
          reason: `该街道（镇）已有社工站（${holder}），每个街道（镇）只设一个（R2.1）`,
        },
      ];
    return [];
  },
  async write(actor, row, _context, marker) {
    const station = await createStation(
      actor,
      {
        districtCode: row.districtCode,
        streetCode: row.streetCode,
        address: row.address,
        ...(row.openedOn ? { openedOn: row.openedOn } : {}),
        ...(row.featuredBrand ? { featuredBrand: row.featuredBrand } : {}),
        ...(row.keyTargetGroups ? { keyTargetGroups: row.keyTargetGroups } : {}),
      },
      [marker],
    );
    return station.id;
  },
};

// ——— 服务合同 ———

const OPERATOR_KINDS: Record<string, 'enterprise' | 'social_organization'> = {
  企业: 'enterprise',
  社会组织: 'social_organization',
};

const CONTRACT_COLUMNS = [
  col('streetCode', '街道（镇）代码', true, '社工站所在街道（镇）的 9 位代码；社工站须已登记', '370102001'),
  col('number', '合同编号', true, '全市唯一，不超过 64 字', 'LX-2026-001'),
  col(
    'operatorOrgId',
    '承接方机构标识',
    true,
    '3–64 位小写字母、数字或连字符（与承接方登录账号的机构标识一致）',
    'org-op-a',
  ),
  col('operatorName', '承接方名称', true, '不超过 200 字', '济南市历下区阳光社会工作服务中心'),
  col('operatorKind', '承接方类型', true, '企业 或 社会组织', '社会组织'),
  col('start', '服务期开始', true, '日期，YYYY-MM-DD', '2026-01-01'),
  col('end', '服务期结束', true, '日期，YYYY-MM-DD', '2026-12-31'),
  col(
    'amount',
    '合同金额（元）',
    true,
    '元，最多两位小数；须等于下面三项之和，也等于付款计划之和（R23.1）',
    '600000.00',
  ),
  col('labour', '人员劳务费（元）', true, '元', '450000.00'),
  col('qualityAssurance', '服务质量保障经费（元）', true, '元', '100000.00'),
  col('operatorManagement', '运营管理费用（元）', true, '元', '50000.00'),
  col('staffTotal', '社工总人数', true, '1–200', '4'),
  col('minAssistant', '助理社会工作师最少人数', false, '0–200', '2'),
  col('minIntermediate', '社会工作师最少人数', false, '0–200', '1'),
  col('minSenior', '高级社会工作师最少人数', false, '0–200', '0'),
  col(
    'payments',
    '付款计划',
    true,
    '每期「日期 金额（元）」，期与期用分号分隔，最多 24 期',
    '2026-01-15 300000；2026-07-15 300000',
  ),
] as const satisfies readonly ImportColumn[];

const ContractRow = z.object({
  streetCode,
  number: text('合同编号', 64),
  operatorOrgId: z
    .string()
    .regex(/^[a-z0-9-]{3,64}$/, '「承接方机构标识」应为 3–64 位小写字母、数字或连字符'),
  operatorName: text('承接方名称', 200),
  operatorKind: z
    .string()
    .refine((v) => v in OPERATOR_KINDS, '「承接方类型」应为「企业」或「社会组织」')
    .transform((v) => OPERATOR_KINDS[v] as 'enterprise' | 'social_organization'),
  start: date('服务期开始'),
  end: date('服务期结束'),
  amount: yuan('合同金额（元）'),
  labour: yuan('人员劳务费（元）'),
  qualityAssurance: yuan('服务质量保障经费（元）'),
  operatorManagement: yuan('运营管理费用（元）'),
  staffTotal: count('社工总人数').refine((n) => n >= 1, '「社工总人数」至少为 1'),
  minAssistant: count('助理社会工作师最少人数').optional(),
  minIntermediate: count('社会工作师最少人数').optional(),
  minSenior: count('高级社会工作师最少人数').optional(),
  payments: z.string().transform((v, ctx) => {
    const parts = v
      .split(/[;；]/)
      .map((s) => s.trim())
      .filter(Boolean);
    const tranches = parts.map((p, i) => {
      const m = /^(\d{4}-\d{2}-\d{2})\s*[:：\s]\s*(.+)$/.exec(p);
      const fen = m?.[2] ? yuanToFen(m[2]) : undefined;
      return m?.[1] && isIsoDate(m[1]) && fen !== undefined
        ? { seq: i + 1, plannedOn: m[1], amountFen: fen }
        : undefined;
    });
    if (tranches.length === 0 || tranches.length > 24 || tranches.some((t) => t === undefined)) {
      ctx.addIssue({
        code: 'custom',
        message: '「付款计划」应为每期「YYYY-MM-DD 金额」，用分号分隔，1–24 期',
      });
      return z.NEVER;
    }
    return tranches as { seq: number; plannedOn: string; amountFen: number }[];
  }),
});
type ContractRowT = z.infer<typeof ContractRow>;

const termsOf = (row: ContractRowT): ContractTerms =>
  ({
    number: row.number,
    operator: { orgId: row.operatorOrgId, name: row.operatorName, kind: row.operatorKind },
    servicePeriod: { start: row.start, end: row.end },
    amountFen: row.amount,
    breakdown: {
      labourFen: row.labour,
      qualityAssuranceFen: row.qualityAssurance,
      operatorManagementFen: row.operatorManagement,
    },
    staffing: {
      total: row.staffTotal,
      minimumByLevel: {
        ...(row.minAssistant !== undefined ? { assistant: row.minAssistant } : {}),
        ...(row.minIntermediate !== undefined ? { intermediate: row.minIntermediate } : {}),
        ...(row.minSenior !== undefined ? { senior: row.minSenior } : {}),
      },
    },
    paymentSchedule: row.payments,
  }) as ContractTerms;

interface ContractContext {
  /** Stations of the principal's district by street. */
  readonly stations: Map<string, Station>;
  /** Contract numbers already registered. */
  readonly taken: Map<string, string>;
}

export const contractsKind: ImportKind<ContractRowT, ContractContext> = {
  id: 'contracts',
  title: '服务合同',
  roles: ['district_civil_affairs'],
  columns: CONTRACT_COLUMNS,
  schema: ContractRow,
  key: (row) => row.number,
  keyColumn: '合同编号',
  async prepare(principal, rows) {
    const [stations, taken] = await Promise.all([
      stationsOfDistrict(principal.district),
      contractIdsByNumber(rows.map((r) => r.number)),
    ]);
    return { stations: new Map(stations.map((s) => [s.streetCode, s])), taken };
  },
  check(principal, row, context) {
    const issues: CellIssue[] = [];
    const station = context.stations.get(row.streetCode);
    if (!row.streetCode.startsWith(principal.district ?? '-'))
      issues.push({ column: '街道（镇）代码', reason: outside('社工站的合同', principal.district) });
    else if (!station)
      issues.push({ column: '街道（镇）代码', reason: '该街道（镇）没有登记社工站，请先导入社工站' });
    else if (station.status === 'closed')
      issues.push({ column: '街道（镇）代码', reason: '该社工站已撤销，不能签订服务合同（R3.1）' });
    if (context.taken.has(row.number))
      issues.push({ column: '合同编号', reason: `合同编号「${row.number}」已登记在另一份合同上` });
    try {
      checkTerms(termsOf(row));
    } catch (error) {
      issues.push({ column: '合同金额（元）', reason: failureReason(error) });
    }
    return issues;
  },
  async write(actor, row, context, marker) {
    const station = context.stations.get(row.streetCode) as Station;
    return (await registerContract(actor, station.id, termsOf(row), [marker])).id;
  },
};

// ——— 社工（花名册） ———

const QUALIFICATION_BY_NAME = new Map(QUALIFICATION_LEVELS.map((l) => [QUALIFICATION_NAMES[l], l]));

const WORKER_COLUMNS = [
  col(
    'contractNumber',
    '合同编号',
    true,
    '社工所在服务合同的编号；合同须已登记、在本辖区（承接方：本机构的合同）',
    'LX-2026-001',
  ),
  col('name', '姓名', true, '不超过 50 字', '张三'),
  col('qualification', '职业资格', true, [...QUALIFICATION_BY_NAME.keys()].join('、'), '社会工作师'),
  col('certificateNumber', '证书编号', false, '不超过 64 字', 'ZG2026001'),
  col(
    'idNumber',
    '身份证号码',
    true,
    '18 位，校验码须正确（单元格设为文本，以免被改成科学计数）',
    '11010519491231002X',
  ),
  col('phone', '手机号码', false, '11 位', '13812345678'),
  col('startOn', '入职日期', true, '日期，YYYY-MM-DD', '2026-01-01'),
  col('endOn', '离职日期', false, '日期，YYYY-MM-DD；不早于入职日期', ''),
] as const satisfies readonly ImportColumn[];

const WorkerRow = z.object({
  contractNumber: text('合同编号', 64),
  name: text('姓名', 50),
  qualification: z
    .string()
    .refine(
      (v) => QUALIFICATION_BY_NAME.has(v),
      `「职业资格」应为：${[...QUALIFICATION_BY_NAME.keys()].join('、')}`,
    )
    .transform((v) => QUALIFICATION_BY_NAME.get(v) as (typeof QUALIFICATION_LEVELS)[number]),
  certificateNumber: text('证书编号', 64).optional(),
  idNumber: idCardNumber,
  phone: mobile.optional(),
  startOn: date('入职日期'),
  endOn: date('离职日期').optional(),
});
type WorkerRowT = z.infer<typeof WorkerRow>;

interface WorkerContext {
  readonly contracts: Map<string, Contract>;
  /** The roster entries that already have a row's person (`rosterRowKey`), on contracts the importer adds to. */
  readonly onRoster: Map<string, Worker>;
}

/** Whether the importer may add workers to the contract: the operator its own, the district its district's. */
const contractInScope = (principal: Principal, contract: Contract) =>
  principal.roles.includes('operator')
    ? contract.operator.orgId === principal.org
    : contract.districtCode === principal.district;

const rosterRowKey = (row: WorkerRowT) => `${row.contractNumber}#${idNumberForDigest(row.idNumber)}`;

/** `read` for each item, a group of 25 at a time. */
async function eachInGroups<T>(items: readonly T[], read: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += 25) await Promise.all(items.slice(i, i + 25).map(read));
}

export const workersKind: ImportKind<WorkerRowT, WorkerContext> = {
  id: 'workers',
  title: '社工',
  roles: ['district_civil_affairs', 'operator'],
  columns: WORKER_COLUMNS,
  schema: WorkerRow,
  // The marker names the worker by the keyed digest of the ID-card number, never the number itself.
  key: (row, digest) => `${row.contractNumber}#${digest(idNumberForDigest(row.idNumber))}`,
  namesPeople: true,
  keyColumn: '身份证号码',
  async prepare(principal, rows, digest) {
    const ids = await contractIdsByNumber(rows.map((r) => r.contractNumber));
    const contracts = new Map<string, Contract>();
    await Promise.all(
      [...ids].map(async ([number, id]) => {
        const contract = await getContract(id);
        if (contract) contracts.set(number, contract);
      }),
    );
    // The rows' people already on the rosters they add to (R9.1: once at a time), so that the check names them as
    // addWorker would refuse them. Only rosters the importer may add to are read.
    const asked = rows.flatMap((row) => {
      const contract = contracts.get(row.contractNumber);
      if (!contract || !contractInScope(principal, contract)) return [];
      return [
        { row, contract, guard: keys.rosterPerson(contract.id, digest(idNumberForDigest(row.idNumber))) },
      ];
    });
    const holders = await personHolders(asked.map((a) => a.guard));
    const onRoster = new Map<string, Worker>();
    await eachInGroups(
      asked.filter((a) => holders.has(guardName(a.guard))),
      async ({ row, contract, guard }) => {
        const held = await getWorker(
          contract.stationId,
          contract.id,
          holders.get(guardName(guard)) as string,
        );
        if (held) onRoster.set(rosterRowKey(row), held);
      },
    );
    return { contracts, onRoster };
  },
  check(principal, row, context) {
    const issues: CellIssue[] = [];
    const contract = context.contracts.get(row.contractNumber);
    const operator = principal.roles.includes('operator');
    if (!contract) issues.push({ column: '合同编号', reason: `合同编号「${row.contractNumber}」未登记` });
    else if (!contractInScope(principal, contract))
      issues.push({
        column: '合同编号',
        reason: operator ? '不是本机构承接的合同，不能导入其社工' : outside('合同的社工', principal.district),
      });
    else if (contract.status === 'completed' || contract.status === 'terminated')
      issues.push({ column: '合同编号', reason: '合同已结束，不能再添加社工' });
    if (row.endOn && row.endOn < row.startOn)
      issues.push({ column: '离职日期', reason: '「离职日期」不能早于「入职日期」' });
    const held = issues.length === 0 ? context.onRoster.get(rosterRowKey(row)) : undefined;
    if (held && periodsOverlap(held, row.startOn, row.endOn))
      issues.push({
        column: '身份证号码',
        reason: `此人已在该合同的花名册上（${rosterEntryText(held)}），同一人不能在同一时期登记两次，否则在岗人数会被重复计算（R9.1）；如是离岗后再次到岗，须先为原记录填写离岗日期，本行的「入职日期」须晚于它`,
      });
    return issues;
  },
  async write(actor, row, context, marker) {
    const contract = context.contracts.get(row.contractNumber) as Contract;
    const worker = await addWorker(
      actor,
      contract.id,
      {
        name: row.name,
        qualification: row.qualification,
        ...(row.certificateNumber ? { certificateNumber: row.certificateNumber } : {}),
        idNumber: row.idNumber,
        ...(row.phone ? { phone: row.phone } : {}),
        startOn: row.startOn,
        ...(row.endOn ? { endOn: row.endOn } : {}),
      },
      [marker],
    );
    return worker.id;
  },
};

// ——— 服务对象（建档）与志愿者：按街道（镇）找到社工站及其现行合同 ———

interface StationOfStreet {
  readonly station: Station;
  readonly contract: Contract | undefined;
}

/** The stations (not closed) of the streets the rows name, each with its contract in force today. */
async function stationsOfStreets(
  streets: readonly string[],
  today: IsoDate,
): Promise<Map<string, StationOfStreet>> {
  const wanted = new Set(streets);
  const districts = [...new Set(streets.map((s) => s.slice(0, 6)))];
  const stations = (await Promise.all(districts.map((d) => stationsOfDistrict(d)))).flat();
  const found = new Map<string, StationOfStreet>();
  await Promise.all(
    stations
      .filter((s) => s.status !== 'closed' && wanted.has(s.streetCode))
      .map(async (station) => {
        found.set(station.streetCode, { station, contract: await activeContractOf(station.id, today) });
      }),
  );
  return found;
}

/** The operator imports only for a station whose contract in force is its own (as its routes allow). */
function stationIssue(
  principal: Principal,
  streetCode: string,
  held: StationOfStreet | undefined,
): CellIssue[] {
  if (!held) return [{ column: '街道（镇）代码', reason: '该街道（镇）没有在运行的社工站，请先登记社工站' }];
  if (!held.contract)
    return [
      { column: '街道（镇）代码', reason: `社工站（${held.station.standardName}）今天没有生效的服务合同` },
    ];
  if (held.contract.operator.orgId !== principal.org)
    return [
      {
        column: '街道（镇）代码',
        reason: `社工站（${held.station.standardName}）的现行合同不是本机构承接的，不能导入（街道 ${streetCode}）`,
      },
    ];
  return [];
}

const yesNo = (header: string) =>
  z
    .string()
    .refine((v) => v === '是' || v === '否', `「${header}」应为「是」或「否」`)
    .transform((v) => v === '是');

const CONSENT_GIVER_NAMES: Record<string, Consent['givenBy']> = { 本人: 'self', 监护人: 'guardian' };

const RECIPIENT_COLUMNS = [
  col(
    'streetCode',
    '街道（镇）代码',
    true,
    '社工站所在街道（镇）的 9 位代码；须为本机构现行合同的社工站',
    '370102001',
  ),
  col('name', '姓名', true, '不超过 50 字（加密保存，列表中掩码显示）', '王芳'),
  col('category', '服务对象类别', true, '现行政策的类别名称，如 困境儿童、留守老人、残疾人', '独居老人'),
  col(
    'idNumber',
    '身份证号码',
    false,
    '18 位，校验码须正确（单元格设为文本）；不填时须填出生日期',
    '11010519491231002X',
  ),
  col('birthDate', '出生日期', false, '日期，YYYY-MM-DD；未填身份证号码时必填', ''),
  col('phone', '手机号码', false, '11 位', '13812345678'),
  col('address', '住址', false, '不超过 200 字', '解放路 23 号 2 单元 301'),
  col('consentGivenOn', '同意日期', true, '取得同意的日期，YYYY-MM-DD，不晚于今天', '2026-01-05'),
  col('consentScope', '同意范围', true, '建档、服务记录、转介等，不超过 500 字', '建档、服务记录'),
  col('consentGivenBy', '同意人', true, '本人 或 监护人；未满十四周岁须为监护人', '本人'),
  col(
    'sensitiveDataConsent',
    '敏感个人信息单独同意',
    true,
    '是 或 否；须为「是」才能建档（《个人信息保护法》第二十九条）',
    '是',
  ),
  col('guardianName', '监护人姓名', false, '同意人为监护人时必填', ''),
  col('guardianRelation', '监护人关系', false, '如 父亲、母亲、祖母；同意人为监护人时必填', ''),
] as const satisfies readonly ImportColumn[];

const RecipientRow = z.object({
  streetCode,
  name: text('姓名', 50),
  category: text('服务对象类别', 50),
  idNumber: idCardNumber.optional(),
  birthDate: date('出生日期').optional(),
  phone: mobile.optional(),
  address: text('住址', 200).optional(),
  consentGivenOn: date('同意日期'),
  consentScope: text('同意范围', 500),
  consentGivenBy: z
    .string()
    .refine((v) => v in CONSENT_GIVER_NAMES, '「同意人」应为「本人」或「监护人」')
    .transform((v) => CONSENT_GIVER_NAMES[v] as Consent['givenBy']),
  sensitiveDataConsent: yesNo('敏感个人信息单独同意'),
  guardianName: text('监护人姓名', 50).optional(),
  guardianRelation: text('监护人关系', 20).optional(),
});
type RecipientRowT = z.infer<typeof RecipientRow>;

interface RecipientContext {
  readonly today: IsoDate;
  readonly stations: Map<string, StationOfStreet>;
  /** The files (not anonymised) that already have a row's person (`registerRowKey`), at the importer's stations. */
  readonly registered: Map<string, Recipient>;
  /** The policy's categories by name (困境儿童 → children_in_difficulty). */
  readonly categories: Map<string, string>;
}

const consentOf = (row: RecipientRowT): Consent => ({
  givenOn: row.consentGivenOn,
  scope: row.consentScope,
  givenBy: row.consentGivenBy,
  sensitiveDataConsent: row.sensitiveDataConsent,
  ...(row.guardianName || row.guardianRelation
    ? { guardian: { name: row.guardianName ?? '', relation: row.guardianRelation ?? '' } }
    : {}),
});

/** The column a recipient rule's refusal is about, from the field its problem names. */
const RECIPIENT_FIELD_COLUMNS: Record<string, string> = {
  'body.birthDate': '出生日期',
  'body.consent': '同意日期',
  'body.consent.givenOn': '同意日期',
  'body.consent.sensitiveDataConsent': '敏感个人信息单独同意',
  'body.consent.guardian': '监护人姓名',
};

function recipientRuleIssue(error: unknown): CellIssue {
  if (!(error instanceof DomainError)) return { column: '同意人', reason: String(error) };
  const first = error.extras.errors?.[0];
  const column = RECIPIENT_FIELD_COLUMNS[first?.path ?? ''] ?? '同意人';
  // A rule with a detail of its own says it in full; one without names only the field, whose path a sheet lacks.
  const own = first === undefined || error.message !== describeIssues(error.extras.errors ?? []);
  return { column, reason: `${error.title}：${own ? error.message : first.message}` };
}

const registerRowKey = (row: RecipientRowT) =>
  `${row.streetCode}#${row.idNumber ? idNumberForDigest(row.idNumber) : ''}`;

export const recipientsKind: ImportKind<RecipientRowT, RecipientContext> = {
  id: 'recipients',
  title: '服务对象',
  roles: ['operator'],
  columns: RECIPIENT_COLUMNS,
  schema: RecipientRow,
  // One person per station: the ID number, or (without one) the name and birth date, as a digest.
  key: (row, digest) =>
    `${row.streetCode}#${row.idNumber ? digest(idNumberForDigest(row.idNumber)) : digest(row.name, row.birthDate ?? '')}`,
  namesPeople: true,
  keyColumn: '身份证号码',
  async prepare(principal, rows, digest) {
    const today = shanghaiDate(now());
    const [stations, policy] = await Promise.all([
      stationsOfStreets(
        rows.map((r) => r.streetCode),
        today,
      ),
      policyOn(today),
    ]);
    const lists = recipientLists(policy.version.parameters);
    // The rows' people already on file at the station (one file per person), as registerRecipient would refuse
    // them; only the registers of the importer's own stations are read, and only for rows with an ID number.
    const asked = rows.flatMap((row) => {
      const held = stations.get(row.streetCode);
      if (!row.idNumber || !held || stationIssue(principal, row.streetCode, held).length > 0) return [];
      return [{ row, guard: keys.registerPerson(held.station.id, digest(idNumberForDigest(row.idNumber))) }];
    });
    const holders = await personHolders(asked.map((a) => a.guard));
    const registered = new Map<string, Recipient>();
    await eachInGroups(
      asked.filter((a) => holders.has(guardName(a.guard))),
      async ({ row, guard }) => {
        const held = await getRecipient(holders.get(guardName(guard)) as string);
        if (held && held.status !== 'anonymised') registered.set(registerRowKey(row), held);
      },
    );
    return {
      today,
      stations,
      registered,
      categories: new Map(lists.categories.map((c) => [c.name, c.code])),
    };
  },
  check(principal, row, context) {
    const issues = stationIssue(principal, row.streetCode, context.stations.get(row.streetCode));
    const held = issues.length === 0 ? context.registered.get(registerRowKey(row)) : undefined;
    if (held)
      issues.push({
        column: '身份证号码',
        reason: `此人已在本站建档（${registerEntryText(held)}），同一人在一个站只建一份档案，否则服务人数会被重复计算；请在原档案上更新`,
      });
    if (!context.categories.has(row.category))
      issues.push({
        column: '服务对象类别',
        reason: `「服务对象类别」应为现行政策的类别之一：${[...context.categories.keys()].join('、')}`,
      });
    try {
      const birthDate = resolveBirthDate(row.idNumber, row.birthDate, context.today);
      checkConsent(consentOf(row), birthDate, context.today);
    } catch (error) {
      issues.push(recipientRuleIssue(error));
    }
    return issues;
  },
  async write(actor, row, context, marker) {
    const { station } = context.stations.get(row.streetCode) as StationOfStreet;
    const recipient = await registerRecipient(
      actor,
      station.id,
      {
        name: row.name,
        category: context.categories.get(row.category) as string,
        ...(row.idNumber ? { idNumber: row.idNumber } : {}),
        ...(row.birthDate ? { birthDate: row.birthDate } : {}),
        ...(row.phone ? { phone: row.phone } : {}),
        ...(row.address ? { address: row.address } : {}),
        consent: consentOf(row),
      },
      [marker],
    );
    return recipient.id;
  },
};

// ——— 志愿者 ———

const VOLUNTEER_COLUMNS = [
  col(
    'streetCode',
    '街道（镇）代码',
    true,
    '社工站所在街道（镇）的 9 位代码；须为本机构现行合同的社工站',
    '370102001',
  ),
  col('name', '姓名', true, '不超过 50 字', '李明'),
  col('phone', '手机号码', false, '11 位（加密保存，掩码显示）', '13912345678'),
  col('skills', '特长', false, '多个用分号（；）分隔，最多 20 个，每个不超过 50 字', '陪伴老人；手工'),
  col('registeredOn', '登记日期', true, '日期，YYYY-MM-DD，不晚于今天', '2026-03-01'),
] as const satisfies readonly ImportColumn[];

const VolunteerRow = z.object({
  streetCode,
  name: text('姓名', 50),
  phone: mobile.optional(),
  skills: z
    .string()
    .transform(list)
    .refine((a) => a.length <= 20 && a.every((s) => s.length <= 50), '「特长」最多 20 个，每个不超过 50 字')
    .optional(),
  registeredOn: date('登记日期'),
});
type VolunteerRowT = z.infer<typeof VolunteerRow>;

interface VolunteerContext {
  readonly today: IsoDate;
  readonly stations: Map<string, StationOfStreet>;
}

export const volunteersKind: ImportKind<VolunteerRowT, VolunteerContext> = {
  id: 'volunteers',
  title: '志愿者',
  roles: ['operator'],
  columns: VOLUNTEER_COLUMNS,
  schema: VolunteerRow,
  // One volunteer per station by name and phone (a digest: the marker keeps neither).
  key: (row, digest) => `${row.streetCode}#${digest(row.name, row.phone ?? '')}`,
  namesPeople: true,
  keyColumn: '姓名',
  async prepare(_principal, rows) {
    const today = shanghaiDate(now());
    return {
      today,
      stations: await stationsOfStreets(
        rows.map((r) => r.streetCode),
        today,
      ),
    };
  },
  check(principal, row, context) {
    const issues = stationIssue(principal, row.streetCode, context.stations.get(row.streetCode));
    if (row.registeredOn > context.today)
      issues.push({
        column: '登记日期',
        reason: `「登记日期」${row.registeredOn} 晚于今天 ${context.today}`,
      });
    return issues;
  },
  async write(actor, row, context, marker) {
    const { station } = context.stations.get(row.streetCode) as StationOfStreet;
    const volunteer = await registerVolunteer(
      actor,
      station.id,
      {
        name: row.name,
        skills: row.skills ?? [],
        registeredOn: row.registeredOn,
        ...(row.phone ? { phone: row.phone } : {}),
      },
      [marker],
    );
    return volunteer.id;
  },
};

/** Every kind, by id. */
export const IMPORT_KIND_REGISTRY: Readonly<Record<ImportKindId, AnyImportKind>> = {
  stations: stationsKind,
  contracts: contractsKind,
  workers: workersKind,
  recipients: recipientsKind,
  volunteers: volunteersKind,
};

export { failureReason };
