import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import dayjs from 'dayjs';
import { useSearchParams } from 'react-router';
import type { components } from '../../services/api';
import { api, data } from '../../services/client';

/**
 * The answers of the funds routes (R22–R26) as the API gives them. docs/openapi.json describes these answers only
 * as objects (shared/contracts/funds.schema.ts), so their fields are named here; the portal computes nothing from
 * them, it shows them.
 */
export interface BudgetLine {
  readonly year: number;
  readonly districtCode: string;
  readonly cityShareFen: number;
  readonly districtShareFen: number;
  readonly sharingRatioPercent: number;
  readonly version: number;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

export type Factor = 'contractTotals' | 'fundPerformance' | 'fiscalCapacity' | 'evaluation';

export interface DistrictFactors {
  readonly districtCode: string;
  readonly contractTotalsFen: number;
  readonly fundPerformanceBp: number;
  readonly fiscalCapacityBp: number;
  readonly evaluationBp: number;
  readonly sharingRatioPercent: number;
}

export interface AllocationLine {
  readonly districtCode: string;
  readonly factorShares: Readonly<Record<Factor, string>>;
  readonly compositeShare: string;
  readonly capFen: number;
  readonly capped: boolean;
  readonly allocatedFen: number;
}

export interface AllocationRun {
  readonly id: string;
  readonly year: number;
  readonly inputs: {
    readonly poolFen: number;
    readonly weights: Readonly<Record<Factor, number>>;
    readonly performanceYear: number;
    readonly factors: readonly DistrictFactors[];
    readonly sources: Readonly<Record<string, Readonly<Record<string, string>>>>;
  };
  readonly result: {
    readonly poolFen: number;
    readonly lines: readonly AllocationLine[];
    readonly allocatedFen: number;
    readonly unallocatedFen: number;
    readonly rule: string;
  };
  readonly createdAt: string;
  readonly createdBy: string;
}

export interface Tranche {
  readonly seq: number;
  readonly plannedOn: string;
  readonly amountFen: number;
  readonly precondition?: string;
  readonly paidFen: number;
  readonly status: 'paid' | 'partly_paid' | 'planned' | 'late' | 'blocked';
  readonly daysLate?: number;
}

export interface DisbursementRecord {
  readonly id: string;
  readonly seq: number;
  readonly amountFen: number;
  readonly paidOn: string;
  readonly plannedOn: string;
  readonly deviation?: { readonly kind: 'early' | 'late'; readonly days: number; readonly reason: string };
  readonly voucherRef?: string;
  readonly recordedBy: string;
  readonly recordedAt: string;
}

export interface ContractPayments {
  readonly contractId: string;
  readonly amountFen: number;
  readonly disbursedFen: number;
  readonly paymentsBlocked?: { readonly since: string; readonly reason?: string };
  readonly tranches: readonly Tranche[];
  readonly disbursements: readonly DisbursementRecord[];
}

export interface RecoveryCase {
  readonly id: string;
  readonly contractId: string;
  readonly districtCode: string;
  readonly operatorOrg: string;
  readonly contractAmountFen: number;
  readonly status: 'open' | 'settled';
  readonly openedOn: string;
  readonly version: number;
  readonly terminationOn: string;
  readonly disbursedFen: number;
  readonly recognisedExpenditureFen: number;
  readonly amountFen: number;
  readonly repaidFen: number;
  readonly outstandingFen: number;
  readonly settled: boolean;
}

export interface ContractPerformance {
  readonly contractId: string;
  readonly number: string;
  readonly amountFen: number;
  readonly taskCompletionBp: number | null;
  readonly disbursedFen: number;
  readonly spentFen: number;
  readonly fundExecutionBp: number | null;
  readonly latestGrade: string | null;
  readonly latestTotal: string | null;
}

export interface DistrictPerformance {
  readonly districtCode: string;
  readonly contracts: readonly ContractPerformance[];
  readonly contractTotalsFen: number;
  readonly fundExecutionBp: number | null;
  readonly taskCompletionBp: number | null;
  readonly evaluationBp: number | null;
  readonly grades: Readonly<Record<string, number>>;
}

/** The year's service volume per station and district, counted by the API from the service records (issue 19). */
export type ServiceVolume = components['schemas']['ServiceVolume'];
export type ServiceVolumeFigures = components['schemas']['ServiceVolumeFigures'];
export type StationVolume = ServiceVolume['byStation'][number];

export interface Performance {
  readonly year: number;
  readonly districts: readonly DistrictPerformance[];
  readonly serviceVolume: ServiceVolume;
}

export const FACTOR_NAMES: Readonly<Record<Factor, string>> = {
  contractTotals: '站点合同总额',
  fundPerformance: '资金绩效',
  fiscalCapacity: '财力状况',
  evaluation: '运营评估',
};
export const FACTORS = Object.keys(FACTOR_NAMES) as Factor[];

export const TRANCHE_STATUS: Readonly<Record<Tranche['status'], string>> = {
  paid: '已付清',
  partly_paid: '部分拨付',
  planned: '待拨付',
  late: '逾期未付',
  blocked: '停止拨付',
};
export const TRANCHE_COLOR: Readonly<Record<Tranche['status'], string>> = {
  paid: 'green',
  partly_paid: 'blue',
  planned: 'default',
  late: 'orange',
  blocked: 'red',
};
export const PRECONDITION_NAME: Readonly<Record<string, string>> = {
  contract_signed: '合同已签订生效',
  task_book_confirmed: '项目任务书已双方确认',
  midterm_report_accepted: '中期工作报告已验收',
  final_report_accepted: '终期工作报告已验收',
  evaluation_qualified: '评估结果为合格及以上',
};

/** The source the API names for each allocation factor (`budget 2026`), in Chinese. */
export function sourceName(source: string): string {
  const m = /^(contracts in|fund execution|average final total|budget) (\d{4})$/.exec(source);
  if (m) {
    const what: Record<string, string> = {
      'contracts in': '年度合同',
      'fund execution': '年度资金执行率',
      'average final total': '年度最终评估平均分',
      budget: '年度预算',
    };
    return `${m[2]}${what[m[1] as string]}`;
  }
  return { override: '人工调整', input: '填报', 'no budget: 0': '无预算，按 0 计' }[source] ?? source;
}

/** A share the API writes as a decimal fraction (`0.123456`) as a percentage (`12.3456%`), by moving the point. */
export function shareAsPercent(share: string): string {
  const m = /^(\d+)\.(\d*)$/.exec(share);
  if (!m) return share;
  const digits = `${m[1]}${(m[2] ?? '').padEnd(2, '0')}`;
  const whole = digits.slice(0, (m[1] as string).length + 2).replace(/^0+(?=\d)/, '');
  const rest = digits.slice((m[1] as string).length + 2);
  return `${whole}${rest ? `.${rest}` : ''}%`;
}

/** Yuan as typed (`300000`, `1,234.5`) to integer fen, or undefined when it is not an amount. No floating point. */
export function parseYuan(text: string | undefined): number | undefined {
  const m = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec((text ?? '').replaceAll(',', '').trim());
  if (!m) return undefined;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** The form rule of an amount in yuan. */
export const yuanRule = {
  validator: (_: unknown, v: string | undefined) =>
    parseYuan(v) === undefined
      ? Promise.reject(new Error('请填写金额（元），最多两位小数'))
      : Promise.resolve(),
};

/** The year a page shows, from `?year=` (this year by default), and a way to change it. */
export function useYear(): [number, (year: number) => void] {
  const [search, setSearch] = useSearchParams();
  const year = Number(search.get('year') ?? dayjs().year());
  return [
    Number.isInteger(year) ? year : dayjs().year(),
    (y) => {
      const next = new URLSearchParams(search);
      next.set('year', String(y));
      setSearch(next);
    },
  ];
}

/** `?name=` of the page's URL (a district or contract the user asked for by editing it, or chose). */
export function useParam(name: string): [string | undefined, (value: string | undefined) => void] {
  const [search, setSearch] = useSearchParams();
  return [
    search.get(name) ?? undefined,
    (value) => {
      const next = new URLSearchParams(search);
      if (value) next.set(name, value);
      else next.delete(name);
      setSearch(next);
    },
  ];
}

export function YearSelect({ year, onChange }: { year: number; onChange: (y: number) => void }) {
  const now = dayjs().year();
  return (
    <Select
      aria-label="年度"
      value={year}
      onChange={onChange}
      style={{ width: 120 }}
      options={[now + 1, now, now - 1, now - 2].map((y) => ({ value: y, label: `${y} 年` }))}
    />
  );
}

/** Jinan's districts (public reference data), for their names beside the codes the API gives. */
export function useDivisions() {
  return useQuery({
    queryKey: ['GET /divisions'],
    queryFn: () => data(api.GET('/divisions')),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useDistrictName(): (code: string) => string {
  const divisions = useDivisions();
  return (code) => divisions.data?.find((d) => d.code === code)?.name ?? code;
}
