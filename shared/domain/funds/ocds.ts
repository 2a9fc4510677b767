import { isIsoDate } from '#shared/domain/calendar/dates';
import { DomainError } from '#shared/domain/errors';

/**
 * Fund disclosure as an Open Contracting Data Standard 1.1 release package (资金信息公开, R28.1).
 *
 * Each station contract is one contracting process (ocid `${ocidPrefix}-${contract.id}`) published as a single
 * release holding its current state: the district civil affairs bureau as buyer and procuring entity, the
 * operator as supplier and payee, the district finance bureau as payer (国库集中支付), the district's budget line,
 * the tender, one award, one contract with its disbursements as implementation transactions, and the final
 * evaluation result as an implementation document. Choices the schema leaves open:
 *
 * - **Tags** name what the release contains (`tender`, `award`, `contract`, plus `implementation` once money has
 *   been paid and `contractTermination` once the contract has ended). `compiled` is kept for the compiledRelease
 *   of a record package, so it is not used in a release package.
 * - **procurementMethod `open`**: stations are bought as government purchase of services (政府购买服务), procured
 *   under the Government Procurement Law by public tender (公开招标), in which any interested supplier may bid.
 *   That is OCDS's `open`; `limited` would mean the buyer approached operators directly.
 * - **Statuses**: the OCDS 1.1 contract codelist is pending/active/cancelled/terminated, where `terminated` covers
 *   both completion and early termination; so draft → pending, active → active, completed and terminated →
 *   terminated. The award is pending while the contract is a draft and active afterwards.
 * - **The final evaluation** goes into `contracts[0].implementation.documents` (the schema describes those as
 *   "audit and evaluation reports") with documentType `physicalProgressReport` (the status of implementation);
 *   `evaluationReports` means the evaluation of bids, which this is not.
 * - **Dates**: a calendar date is the Asia/Shanghai day, so it becomes `T00:00:00+08:00`, and a period's end
 *   `T23:59:59+08:00` so that the last day is inside it.
 */
export interface DisclosedContract {
  readonly id: string;
  /** 合同编号. */
  readonly number: string;
  /** The station's standard name. */
  readonly title: string;
  readonly districtCode: string;
  readonly districtName: string;
  /** The district civil affairs bureau, e.g. id 'district-370102', name '历下区民政局'. */
  readonly buyer: { readonly id: string; readonly name: string };
  /** The operator. */
  readonly supplier: { readonly id: string; readonly name: string };
  readonly amountFen: number;
  readonly period: { readonly start: string; readonly end: string };
  readonly status: 'draft' | 'active' | 'completed' | 'terminated';
  /** ISO date-time. */
  readonly dateSigned?: string;
  /** The district's budget line, if known. */
  readonly budgetFen?: number;
  readonly disbursements: readonly {
    readonly id: string;
    readonly date: string;
    readonly amountFen: number;
    readonly tranche: number;
  }[];
  readonly finalEvaluation?: {
    readonly grade: string;
    readonly gradeName: string;
    readonly total: string;
    readonly finalOn: string;
  };
}

export interface ReleasePackageInput {
  readonly year: number;
  /** ISO date-time; also the date of every release in the package. */
  readonly publishedDate: string;
  readonly uri: string;
  readonly publisherName: string;
  /** The publisher's registered OCID prefix, e.g. 'ocds-abcdef'. */
  readonly ocidPrefix: string;
  readonly contracts: readonly DisclosedContract[];
}

const invalid = (path: string, message: string): DomainError =>
  new DomainError('DISCLOSURE_INPUT_INVALID', 422, '公开数据有误', undefined, {
    rule: 'R28.1',
    errors: [{ path, message }],
  });

/**
 * The largest fen amount rendered exactly: 15 significant digits. Any decimal with at most 15 significant
 * digits survives the trip to a double and back to its shortest text unchanged (a double carries 15.95 digits).
 */
const MAX_EXACT_FEN = 999_999_999_999_999;

/**
 * Integer fen to a yuan JSON number: 1234567 → 12345.67, 60000000 → 600000. The number is parsed from the
 * decimal text built from the integer parts, never computed as fen / 100, so it is the double nearest to the
 * exact yuan amount; and as the amount has at most 15 significant digits, the shortest text that reads back to
 * that double, which is what JSON.stringify writes, is exactly the yuan amount. No consumer sees 12345.670000001.
 */
export const fenToAmount = (fen: number): number => {
  if (!Number.isInteger(fen) || Math.abs(fen) > MAX_EXACT_FEN)
    throw invalid('amountFen', `金额应为整数分且不超过 ${MAX_EXACT_FEN} 分`);
  const abs = Math.abs(fen);
  const text = `${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
  return fen < 0 ? -Number(text) : Number(text);
};

const CNY = (fen: number) => ({ amount: fenToAmount(fen), currency: 'CNY' });

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** A calendar date (Asia/Shanghai) or an ISO date-time with its offset, as an OCDS date-time. */
const dateTime = (value: string, path: string, endOfDay = false): string => {
  if (isIsoDate(value)) return `${value}T${endOfDay ? '23:59:59' : '00:00:00'}+08:00`;
  if (DATE_TIME.test(value) && !Number.isNaN(Date.parse(value))) return value;
  throw invalid(path, '日期应为 YYYY-MM-DD 或带时区的 ISO 日期时间');
};

const CONTRACT_STATUS = {
  draft: 'pending',
  active: 'active',
  completed: 'terminated',
  terminated: 'terminated',
} as const;

const ref = (party: { readonly id: string; readonly name: string }) => ({ id: party.id, name: party.name });

function release(input: ReleasePackageInput, c: DisclosedContract, publishedDate: string) {
  const at = (field: string) => `contracts.${c.id}.${field}`;
  const ocid = `${input.ocidPrefix}-${c.id}`;
  const payer = { id: `finance-${c.districtCode}`, name: `${c.districtName}财政局` };
  const status = CONTRACT_STATUS[c.status];
  const value = CNY(c.amountFen);
  const period = {
    startDate: dateTime(c.period.start, at('period.start')),
    endDate: dateTime(c.period.end, at('period.end'), true),
  };
  const transactions = [...c.disbursements]
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.tranche - b.tranche))
    .map((d) => ({
      id: d.id,
      date: dateTime(d.date, at(`disbursements.${d.id}.date`)),
      value: CNY(d.amountFen),
      payer: ref(payer),
      payee: ref(c.supplier),
    }));
  const evaluation = c.finalEvaluation;
  const documents = evaluation
    ? [
        {
          id: `${c.id}-final-evaluation`,
          documentType: 'physicalProgressReport',
          title: `${c.title}终期评估结果`,
          description: `终期评估等级：${evaluation.gradeName}（总分 ${evaluation.total}），${evaluation.finalOn} 公示期满生效。`,
          datePublished: dateTime(evaluation.finalOn, at('finalEvaluation.finalOn')),
          language: 'zh',
        },
      ]
    : [];
  const tag = [
    'tender',
    'award',
    'contract',
    ...(transactions.length > 0 || documents.length > 0 ? ['implementation'] : []),
    ...(status === 'terminated' ? ['contractTermination'] : []),
  ];
  return {
    ocid,
    id: `${ocid}-${publishedDate}`,
    date: publishedDate,
    tag,
    initiationType: 'tender',
    language: 'zh',
    parties: [
      { id: c.buyer.id, name: c.buyer.name, roles: ['buyer', 'procuringEntity'] },
      { id: c.supplier.id, name: c.supplier.name, roles: ['supplier', 'payee'] },
      { id: payer.id, name: payer.name, roles: ['payer'] },
    ],
    buyer: ref(c.buyer),
    ...(c.budgetFen === undefined
      ? {}
      : {
          planning: {
            budget: {
              id: `${c.districtCode}-${input.year}`,
              description: `${c.districtName}${input.year}年度社会工作服务站经费预算`,
              amount: CNY(c.budgetFen),
            },
          },
        }),
    tender: {
      id: `${c.id}-tender`,
      title: c.title,
      status: 'complete',
      procuringEntity: ref(c.buyer),
      procurementMethod: 'open',
      procurementMethodDetails: '公开招标（政府购买服务）',
      mainProcurementCategory: 'services',
    },
    awards: [
      {
        id: `${c.id}-award`,
        title: c.title,
        status: c.status === 'draft' ? 'pending' : 'active',
        suppliers: [ref(c.supplier)],
        value,
        contractPeriod: period,
      },
    ],
    contracts: [
      {
        id: c.id,
        awardID: `${c.id}-award`,
        title: c.title,
        description: evaluation
          ? `合同编号 ${c.number}；终期评估 ${evaluation.gradeName}（${evaluation.total}）`
          : `合同编号 ${c.number}`,
        status,
        value,
        period,
        ...(c.dateSigned === undefined ? {} : { dateSigned: dateTime(c.dateSigned, at('dateSigned')) }),
        ...(transactions.length + documents.length === 0
          ? {}
          : {
              implementation: {
                ...(transactions.length === 0 ? {} : { transactions }),
                ...(documents.length === 0 ? {} : { documents }),
              },
            }),
      },
    ],
  };
}

/**
 * The year's disclosure as an OCDS 1.1 release package: one release per contract, in the order given. Amounts
 * are CNY yuan from integer fen by {@link fenToAmount}; dates are ISO date-times.
 */
export function ocdsReleasePackage(input: ReleasePackageInput): Record<string, unknown> {
  const publishedDate = dateTime(input.publishedDate, 'publishedDate');
  if (input.contracts.length === 0) {
    // The schema requires at least one release: a year with nothing to disclose has no package.
    throw new DomainError(
      'DISCLOSURE_EMPTY',
      404,
      '该年度没有可公开的合同',
      `${input.year} 年度尚无可公开的合同，请选择其他年度。`,
      {
        rule: 'R28.1',
      },
    );
  }
  const ids = new Set<string>();
  for (const c of input.contracts) {
    if (ids.has(c.id)) throw invalid(`contracts.${c.id}`, '合同重复');
    ids.add(c.id);
  }
  return {
    uri: input.uri,
    version: '1.1',
    publishedDate,
    publisher: { name: input.publisherName },
    releases: input.contracts.map((c) => release(input, c, publishedDate)),
  };
}
