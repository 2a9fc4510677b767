import type { ConsolePage } from '../../console-page';
import { Allocations } from './Allocations';
import { Budgets } from './Budgets';
import { Payments } from './Payments';
import { PerformancePage } from './PerformancePage';
import { Recovery } from './Recovery';

/** 财政: budgets, allocation, disbursements and recovery. */
export const pages: readonly ConsolePage[] = [
  {
    path: 'finance/budgets',
    label: '年度预算',
    operation: 'GET /budgets/{year}',
    element: <Budgets />,
    section: <Budgets compact />,
  },
  {
    path: 'finance/allocations',
    label: '因素分配',
    operation: 'GET /allocations',
    element: <Allocations />,
    section: <Allocations compact />,
  },
  {
    path: 'finance/payments',
    label: '合同拨付',
    operation: 'GET /contracts/{id}/payments',
    element: <Payments />,
  },
  {
    path: 'finance/recovery',
    label: '资金追回',
    operation: 'GET /recovery-cases',
    element: <Recovery />,
    section: <Recovery compact />,
  },
  {
    path: 'finance/performance',
    label: '绩效',
    operation: 'GET /performance',
    element: <PerformancePage />,
    section: <PerformancePage compact />,
  },
];
