import type { ConsolePage } from '../../console-page';
import { CoSigning } from './CoSigning';

/**
 * 街道办事处: documents to co-sign (the reports awaiting its review are the 待审阅 page of web/src/pages/core, which
 * every recipient shares). The operator confirms the same documents on its own contract page, hence `roles`.
 */
export const pages: readonly ConsolePage[] = [
  {
    path: 'co-signing',
    label: '待会签文件',
    operation: 'POST /contracts/{id}/service-years/{year}/task-book/confirmations',
    roles: ['street_office'],
    element: <CoSigning />,
    section: <CoSigning compact />,
  },
];
