import { GetCommand, QueryCommand } from '#shared/adapters/dynamodb/store-client';
import { tableName } from '#shared/config';
import type { IsoDate } from '#shared/domain/calendar/dates';
import { DomainError, versionConflict } from '#shared/domain/errors';
import type { LedgerCategory } from '#shared/domain/funds/categories';
import { documentClient } from './client';
import type { RecoveryCase } from './evaluations.repository';
import { putIfVersion, type Write } from './unit-of-work';

/**
 * Funds (R22–R28). Keys:
 * - budget of a district's year: `BUDGET#year` / `DISTRICT#code`;
 * - allocation run: `ALLOCATION#id` / `RUN`; the year's runs: byDistrict `ALLOCATIONS#year` / `createdAt#id`;
 * - tranche state of a contract (paid so far): `CONTRACT#id` / `TRANCHE#seq` — the guard two clerks race on;
 * - disbursement: `CONTRACT#id` / `DISBURSEMENT#paidOn#id`; a district's: byDistrict `DISBURSEMENTS#code` / `paidOn#id`;
 * - ledger entry (专账): `CONTRACT#id` / `LEDGER#spentOn#id`;
 * - recovery case repayments: `RECOVERY#id` / `REPAYMENT#paidOn#id`.
 */
const STRIP = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'entity'];
const strip = <T>(item: Record<string, unknown>): T => {
  const copy: Record<string, unknown> = { ...item };
  for (const k of STRIP) delete copy[k];
  return copy as T;
};
const putNew = (item: Record<string, unknown>, onExists: () => DomainError = versionConflict): Write => ({
  item: {
    Put: { TableName: tableName('main'), Item: item, ConditionExpression: 'attribute_not_exists(pk)' },
  },
  onConditionFailed: onExists,
});
async function get<T>(key: { pk: string; sk: string }): Promise<T | undefined> {
  const out = await documentClient().send(
    new GetCommand({ TableName: tableName('main'), Key: key, ConsistentRead: true }),
  );
  return out.Item ? strip<T>(out.Item) : undefined;
}
async function query<T>(pk: string, prefix: string, index?: 'byDistrict'): Promise<T[]> {
  const items: T[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await documentClient().send(
      new QueryCommand({
        TableName: tableName('main'),
        ...(index ? { IndexName: index } : { ConsistentRead: true }),
        // An empty prefix means the whole partition (begins_with refuses an empty string).
        KeyConditionExpression: `${index ? 'gsi1pk' : 'pk'} = :pk${
          prefix ? ` AND begins_with(${index ? 'gsi1sk' : 'sk'}, :prefix)` : ''
        }`,
        ExpressionAttributeValues: { ':pk': pk, ...(prefix ? { ':prefix': prefix } : {}) },
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    items.push(...(out.Items ?? []).map((i) => strip<T>(i)));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

// Budgets ---------------------------------------------------------------------------------------------------

/** R22.1: a district's station budget of a year: the city's and the district's shares, and its fiscal sharing ratio. */
export interface Budget {
  readonly year: number;
  readonly districtCode: string;
  readonly cityShareFen: number;
  readonly districtShareFen: number;
  /** The city's share (percent) of the district's station costs, the reference for allocation caps (R24.1). */
  readonly sharingRatioPercent: number;
  readonly version: number;
  readonly updatedAt: string;
  readonly updatedBy: string;
}
const budgetKey = (year: number, district: string) => ({ pk: `BUDGET#${year}`, sk: `DISTRICT#${district}` });
export const getBudget = (year: number, district: string) => get<Budget>(budgetKey(year, district));
export const budgetsOfYear = (year: number) => query<Budget>(`BUDGET#${year}`, 'DISTRICT#');
export const putBudgetWrite = (after: Budget, before?: Budget): Write => {
  const item = { ...budgetKey(after.year, after.districtCode), entity: 'budget', ...after };
  return before ? putIfVersion(tableName('main'), item, before.version) : putNew(item);
};

// Allocation runs -------------------------------------------------------------------------------------------

export interface AllocationRun {
  readonly id: string;
  readonly year: number;
  /** Everything the run used, so that it can be reproduced: pool, weights, each district's factors and their sources. */
  readonly inputs: Record<string, unknown>;
  readonly result: Record<string, unknown>;
  readonly createdAt: string;
  readonly createdBy: string;
}
export const createAllocationWrite = (run: AllocationRun): Write =>
  putNew({
    pk: `ALLOCATION#${run.id}`,
    sk: 'RUN',
    gsi1pk: `ALLOCATIONS#${run.year}`,
    gsi1sk: `${run.createdAt}#${run.id}`,
    entity: 'allocation-run',
    ...run,
  });
export const getAllocation = (id: string) => get<AllocationRun>({ pk: `ALLOCATION#${id}`, sk: 'RUN' });
export const allocationsOfYear = (year: number) =>
  query<AllocationRun>(`ALLOCATIONS#${year}`, '', 'byDistrict');

// Tranches and disbursements --------------------------------------------------------------------------------

export interface TrancheState {
  readonly contractId: string;
  readonly seq: number;
  readonly paidFen: number;
  readonly version: number;
}
const trancheKey = (contractId: string, seq: number) => ({
  pk: `CONTRACT#${contractId}`,
  sk: `TRANCHE#${String(seq).padStart(2, '0')}`,
});
export const trancheStates = (contractId: string) =>
  query<TrancheState>(`CONTRACT#${contractId}`, 'TRANCHE#');

/**
 * The tranche's paid amount moves from what was read to what it becomes, or the write fails: of two clerks paying
 * the same tranche at once, exactly one succeeds (409 for the other).
 */
export function advanceTrancheWrite(before: TrancheState | undefined, after: TrancheState): Write {
  const item = { ...trancheKey(after.contractId, after.seq), entity: 'tranche', ...after };
  const conflict = () =>
    new DomainError(
      'TRANCHE_CHANGED',
      409,
      '该期款项刚被他人支付，请刷新后重试',
      '这一期的拨付情况已变化，未作任何更改；请刷新后核对再提交。',
      {
        rule: 'R25.1',
      },
    );
  return before
    ? { ...putIfVersion(tableName('main'), item, before.version), onConditionFailed: conflict }
    : putNew(item, conflict);
}

export interface Disbursement {
  readonly id: string;
  readonly contractId: string;
  readonly districtCode: string;
  readonly streetCode: string;
  readonly seq: number;
  readonly amountFen: number;
  readonly paidOn: IsoDate;
  readonly plannedOn: IsoDate;
  /** Paid before or after the planned date: the record R25.1 asks for. */
  readonly deviation?: { readonly kind: 'early' | 'late'; readonly days: number; readonly reason: string };
  readonly voucherRef?: string;
  readonly recordedBy: string;
  readonly recordedAt: string;
}
export const createDisbursementWrite = (d: Disbursement): Write =>
  putNew({
    pk: `CONTRACT#${d.contractId}`,
    sk: `DISBURSEMENT#${d.paidOn}#${d.id}`,
    gsi1pk: `DISBURSEMENTS#${d.districtCode}`,
    gsi1sk: `${d.paidOn}#${d.id}`,
    entity: 'disbursement',
    ...d,
  });
export const disbursementsOf = (contractId: string) =>
  query<Disbursement>(`CONTRACT#${contractId}`, 'DISBURSEMENT#');
export const disbursementsOfDistrict = (district: string) =>
  query<Disbursement>(`DISBURSEMENTS#${district}`, '', 'byDistrict');

// Ledger ----------------------------------------------------------------------------------------------------

/** R27.1: one expenditure of a contract's dedicated ledger, in an R23 category, with its voucher. */
export interface LedgerEntry {
  readonly id: string;
  readonly contractId: string;
  readonly districtCode: string;
  readonly streetCode: string;
  readonly spentOn: IsoDate;
  readonly amountFen: number;
  readonly category: LedgerCategory;
  readonly description: string;
  readonly voucherKey: string;
  readonly recordedBy: string;
  readonly recordedAt: string;
}
export const createLedgerWrite = (e: LedgerEntry): Write =>
  putNew({ pk: `CONTRACT#${e.contractId}`, sk: `LEDGER#${e.spentOn}#${e.id}`, entity: 'ledger-entry', ...e });
export const ledgerOf = (contractId: string) => query<LedgerEntry>(`CONTRACT#${contractId}`, 'LEDGER#');

// Recovery --------------------------------------------------------------------------------------------------

export interface Repayment {
  readonly id: string;
  readonly caseId: string;
  readonly amountFen: number;
  readonly paidOn: IsoDate;
  readonly recordedBy: string;
  readonly recordedAt: string;
}
export const recoveryCasesOfDistrict = (district: string) =>
  query<RecoveryCase>(`DISTRICT#${district}`, 'RECOVERY#', 'byDistrict');
export const repaymentsOf = (caseId: string) => query<Repayment>(`RECOVERY#${caseId}`, 'REPAYMENT#');
export const createRepaymentWrite = (r: Repayment): Write =>
  putNew({ pk: `RECOVERY#${r.caseId}`, sk: `REPAYMENT#${r.paidOn}#${r.id}`, entity: 'repayment', ...r });
/** The case's own item moves with each repayment (version guard) so that two repayments cannot overshoot together. */
export const updateRecoveryWrite = (before: RecoveryCase, after: RecoveryCase): Write =>
  putIfVersion(
    tableName('main'),
    {
      pk: `RECOVERY#${after.id}`,
      sk: 'CASE',
      gsi1pk: `DISTRICT#${after.districtCode}`,
      gsi1sk: `RECOVERY#${after.id}`,
      entity: 'recovery-case',
      ...after,
    },
    before.version,
  );
