import type { ReactNode } from 'react';
import type { ConsolePage } from '../../console-page';
import { roleOf } from '../../services/access';
import { Allocations } from './Allocations';
import { Budgets } from './Budgets';
import { Payments } from './Payments';
import { PerformancePage } from './PerformancePage';
import { Recovery } from './Recovery';

/**
 * On the 工作台 the finance bureaus' and auditors' own: the civil affairs bureaus read these pages from the menu, and
 * the city's 区县对比 already holds each district's performance.
 */
function ForFinance({ children }: { children: ReactNode }) {
  return ['city_finance', 'district_finance', 'auditor'].includes(roleOf() ?? '') ? children : null;
}

/** 财政: budgets, allocation, disbursements and recovery. */
export const pages: readonly ConsolePage[] = [
  {
    path: 'finance/budgets',
    label: '年度预算',
    operation: 'GET /budgets/{year}',
    element: <Budgets />,
    section: (
      <ForFinance>
        <Budgets compact />
      </ForFinance>
    ),
  },
  {
    path: 'finance/allocations',
    label: '因素分配',
    operation: 'GET /allocations',
    element: <Allocations />,
    section: (
      <ForFinance>
        <Allocations compact />
      </ForFinance>
    ),
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
    section: (
      <ForFinance>
        <Recovery compact />
      </ForFinance>
    ),
  },
  {
    path: 'finance/performance',
    label: '绩效',
    operation: 'GET /performance',
    element: <PerformancePage />,
    section: (
      <ForFinance>
        <PerformancePage compact />
      </ForFinance>
    ),
  },
];
