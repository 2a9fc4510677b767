import type { ReactNode } from 'react';
import type { ConsolePage } from '../../console-page';
import { currentSession } from '../../services/auth';
import { AnnualReports } from './AnnualReports';
import { Districts } from './Districts';
import { Inspections } from './Inspections';
import { PlatformApplications } from './PlatformApplications';

/** On the 工作台 the city's: a district bureau's own annual report is among its reports already. */
function CityWide({ children }: { children: ReactNode }) {
  return currentSession()?.claims.district_code ? null : children;
}

/** 市级: districts side by side, inspections, platform sharing, the November district reports. */
export const pages: readonly ConsolePage[] = [
  {
    path: 'city/districts',
    label: '区县对比',
    operation: 'GET /reports/timeliness',
    roles: ['city_civil_affairs'],
    element: <Districts />,
    section: <Districts compact />,
  },
  {
    path: 'city/annual-reports',
    label: '区县年度报告',
    // The city receives the districts' reports; a district bureau writes its own.
    operation: 'GET /reports/{id}',
    roles: ['city_civil_affairs', 'district_civil_affairs'],
    element: <AnnualReports />,
    section: (
      <CityWide>
        <AnnualReports compact />
      </CityWide>
    ),
  },
  {
    path: 'city/inspections',
    label: '督导检查',
    operation: 'GET /inspections',
    element: <Inspections />,
  },
  {
    path: 'city/platform-applications',
    label: '平台共享申请',
    operation: 'GET /platform-applications',
    // The reviewers' list (R21.1); the applicants' own lists are their areas'.
    roles: ['city_civil_affairs', 'district_civil_affairs'],
    element: <PlatformApplications />,
    section: <PlatformApplications compact />,
  },
];
