import type { ConsolePage } from '../../console-page';
import { ContractPage } from './ContractPage';
import { MY_CONTRACTS_OPERATION, MyContracts } from './MyContracts';

/** 承接方: its contracts with what awaits it; per contract the needs survey, task book, roster, ledger and records. */
export const pages: readonly ConsolePage[] = [
  {
    path: 'my-contracts',
    label: '我的合同',
    operation: MY_CONTRACTS_OPERATION,
    element: <MyContracts />,
    section: <MyContracts compact />,
  },
  {
    path: 'contracts/:id',
    label: '合同详情',
    operation: 'GET /contracts/{id}',
    element: <ContractPage />,
    hidden: true,
  },
];
