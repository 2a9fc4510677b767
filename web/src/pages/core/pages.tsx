import type { ConsolePage } from '../../console-page';
import { ConsoleComplaints } from '../complaints/ConsoleComplaints';
import { Contracts } from '../contracts/Contracts';
import { Exports } from '../exports/Exports';
import { ReportDetail } from '../reports/ReportDetail';
import { Reports, Timeliness } from '../reports/Reports';
import { ReviewQueue } from '../reports/ReviewQueue';
import { Stations } from '../stations/Stations';

/**
 * The pages every district-level role starts from: stations, contracts, reports and their timeliness, the reports
 * awaiting the role's review and one report's detail, complaints, and the registers' export to Excel.
 */
export const pages: readonly ConsolePage[] = [
  {
    path: 'stations',
    label: '社工站',
    operation: 'GET /stations',
    element: <Stations />,
    section: <Stations compact />,
  },
  {
    path: 'contracts',
    label: '服务合同',
    operation: 'GET /contracts',
    element: <Contracts />,
    section: <Contracts compact />,
  },
  {
    path: 'timeliness',
    label: '按时率',
    operation: 'GET /reports/timeliness',
    element: <Timeliness />,
    section: <Timeliness />,
    hidden: true,
  },
  {
    path: 'reports/review',
    label: '待审阅',
    operation: 'POST /reports/{id}/review',
    element: <ReviewQueue />,
    section: <ReviewQueue compact />,
  },
  {
    path: 'reports/:id',
    label: '报告详情',
    operation: 'GET /reports/{id}',
    element: <ReportDetail />,
    hidden: true,
  },
  {
    path: 'reports',
    label: '报告',
    operation: 'GET /reports',
    element: <Reports />,
    section: <Reports compact />,
  },
  {
    path: 'complaints',
    label: '投诉',
    operation: 'GET /complaints',
    element: <ConsoleComplaints />,
    section: <ConsoleComplaints compact />,
  },
  {
    path: 'exports',
    label: '数据导出',
    operation: 'POST /exports',
    element: <Exports />,
  },
];
