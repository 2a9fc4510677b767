import {
  AllocationBody,
  AllocationList,
  AllocationQuery,
  AllocationView,
  BudgetBody,
  BudgetList,
  BudgetParams,
  BudgetView,
  BudgetYearParams,
  DisbursementBody,
  DisbursementView,
  DownloadView,
  ContractParams as FundsContractParams,
  LedgerBody,
  LedgerEntryParams,
  LedgerEntryView,
  LedgerView,
  PaymentsView,
  PerformanceView,
  RecoveryList,
  RecoveryParams,
  RecoveryQuery,
  RecoveryView,
  RepaymentBody,
  VoucherUrlBody,
  VoucherUrlView,
  YearQuery,
} from '#shared/contracts/funds.schema';
import type { RouteDefinition } from '#shared/manifest/definitions';
import { DISTRICT_FIGURES, FUNDS_READERS } from '#shared/manifest/readers';

/** Budgets, allocation, payments, the ledger and recovery (资金). Handlers under functions/http/funds/. */

export const listBudgetsRoute = {
  method: 'GET',
  path: '/budgets/{year}',
  handler: 'functions/http/funds/list-budgets.handler.ts',
  access: DISTRICT_FIGURES,
  summary: '年度预算：各区县市级与区县承担、分担比例（R22.1）',
  tag: 'funds',
  request: { params: BudgetYearParams },
  response: { status: 200, schema: BudgetList, description: '预算' },
} as const satisfies RouteDefinition;

export const putBudgetRoute = {
  method: 'PUT',
  path: '/budgets/{year}/districts/{code}',
  handler: 'functions/http/funds/put-budget.handler.ts',
  access: ['city_finance', 'district_finance'],
  summary: '设定区县年度预算（R22.1）',
  tag: 'funds',
  request: { params: BudgetParams, body: BudgetBody },
  response: { status: 200, schema: BudgetView, description: '预算' },
} as const satisfies RouteDefinition;

export const runAllocationRoute = {
  method: 'POST',
  path: '/allocations',
  handler: 'functions/http/funds/run-allocation.handler.ts',
  access: ['city_finance'],
  summary: '市级资金因素分配（R24.1）：保存全部输入，可复核',
  tag: 'funds',
  request: { body: AllocationBody },
  response: { status: 201, schema: AllocationView, description: '分配结果' },
} as const satisfies RouteDefinition;

export const listAllocationsRoute = {
  method: 'GET',
  path: '/allocations',
  handler: 'functions/http/funds/list-allocations.handler.ts',
  access: ['city_finance', 'city_civil_affairs', 'district_finance', 'district_civil_affairs', 'auditor'],
  summary: '因素分配记录（R24.1）',
  tag: 'funds',
  request: { query: AllocationQuery },
  response: { status: 200, schema: AllocationList, description: '分配记录' },
} as const satisfies RouteDefinition;

export const getContractPaymentsRoute = {
  method: 'GET',
  path: '/contracts/{id}/payments',
  handler: 'functions/http/funds/get-contract-payments.handler.ts',
  access: FUNDS_READERS,
  summary: '合同拨付：各期计划、已付、逾期、停付，及每笔拨付（R25.1）',
  tag: 'funds',
  request: { params: FundsContractParams },
  response: { status: 200, schema: PaymentsView, description: '拨付情况' },
} as const satisfies RouteDefinition;

export const createDisbursementRoute = {
  method: 'POST',
  path: '/contracts/{id}/disbursements',
  handler: 'functions/http/funds/create-disbursement.handler.ts',
  access: ['district_finance'],
  summary: '按期拨付：不超过该期金额，终止或停付的合同不可拨付，前置条件须满足（R25.1）',
  tag: 'funds',
  request: { params: FundsContractParams, body: DisbursementBody },
  response: { status: 201, schema: DisbursementView, description: '已拨付' },
} as const satisfies RouteDefinition;

export const createVoucherUploadUrlRoute = {
  method: 'POST',
  path: '/contracts/{id}/ledger/voucher-url',
  handler: 'functions/http/funds/create-voucher-upload-url.handler.ts',
  access: ['operator'],
  summary: '获取专账凭证上传地址（R27.1）',
  tag: 'funds',
  request: { params: FundsContractParams, body: VoucherUrlBody },
  response: { status: 201, schema: VoucherUrlView, description: '上传地址' },
  storage: { bucket: 'reports', presign: 'put', prefix: 'vouchers/' },
} as const satisfies RouteDefinition;

export const createLedgerEntryRoute = {
  method: 'POST',
  path: '/contracts/{id}/ledger',
  handler: 'functions/http/funds/create-ledger-entry.handler.ts',
  access: ['operator'],
  summary: '专账记一笔支出：类别、金额、凭证（R27.1）',
  tag: 'funds',
  request: { params: FundsContractParams, body: LedgerBody },
  response: { status: 201, schema: LedgerEntryView, description: '已记账' },
  // Checks that the voucher was uploaded: a presigned HEAD under vouchers/.
  storage: { bucket: 'reports', presign: 'get', prefix: 'vouchers/', checksExistence: true },
} as const satisfies RouteDefinition;

export const getLedgerRoute = {
  method: 'GET',
  path: '/contracts/{id}/ledger',
  handler: 'functions/http/funds/get-ledger.handler.ts',
  access: FUNDS_READERS,
  summary: '专账：每笔支出与三类经费对照合同构成（R27.1）',
  tag: 'funds',
  request: { params: FundsContractParams },
  response: { status: 200, schema: LedgerView, description: '专账' },
} as const satisfies RouteDefinition;

export const getVoucherRoute = {
  method: 'GET',
  path: '/contracts/{id}/ledger/{entryId}/voucher',
  handler: 'functions/http/funds/get-voucher.handler.ts',
  access: FUNDS_READERS,
  summary: '凭证下载地址（审计可查）（R27.1）',
  tag: 'funds',
  request: { params: LedgerEntryParams },
  response: { status: 200, schema: DownloadView, description: '下载地址' },
  storage: { bucket: 'reports', presign: 'get', prefix: 'vouchers/' },
} as const satisfies RouteDefinition;

export const listRecoveryCasesRoute = {
  method: 'GET',
  path: '/recovery-cases',
  handler: 'functions/http/funds/list-recovery-cases.handler.ts',
  access: DISTRICT_FIGURES,
  summary: '追回案件：应追回 = 已拨付 − 终止日前认可支出，及还款（R25.1）',
  tag: 'funds',
  request: { query: RecoveryQuery },
  response: { status: 200, schema: RecoveryList, description: '追回案件' },
} as const satisfies RouteDefinition;

export const createRepaymentRoute = {
  method: 'POST',
  path: '/recovery-cases/{id}/repayments',
  handler: 'functions/http/funds/create-repayment.handler.ts',
  access: ['district_finance'],
  summary: '记录追回款项，不超过应追回余额（R25.1）',
  tag: 'funds',
  request: { params: RecoveryParams, body: RepaymentBody },
  response: { status: 201, schema: RecoveryView, description: '追回案件' },
} as const satisfies RouteDefinition;

export const getPerformanceRoute = {
  method: 'GET',
  path: '/performance',
  handler: 'functions/http/funds/get-performance.handler.ts',
  access: DISTRICT_FIGURES,
  summary: '绩效：任务完成率、资金执行率、最新评估结果（R26.1）',
  tag: 'funds',
  request: { query: YearQuery },
  response: { status: 200, schema: PerformanceView, description: '绩效' },
} as const satisfies RouteDefinition;

/** This area's routes by id, in the order the index assembles them. */
export const fundsRoutes = {
  listBudgets: listBudgetsRoute,
  putBudget: putBudgetRoute,
  runAllocation: runAllocationRoute,
  listAllocations: listAllocationsRoute,
  getContractPayments: getContractPaymentsRoute,
  createDisbursement: createDisbursementRoute,
  createVoucherUploadUrl: createVoucherUploadUrlRoute,
  createLedgerEntry: createLedgerEntryRoute,
  getLedger: getLedgerRoute,
  getVoucher: getVoucherRoute,
  listRecoveryCases: listRecoveryCasesRoute,
  createRepayment: createRepaymentRoute,
  getPerformance: getPerformanceRoute,
} as const satisfies Record<string, RouteDefinition>;
