import { Space, Typography } from 'antd';
import { allowed, ROLE_NAMES, roleOf } from '../../services/access';
import { ConsoleComplaints } from '../complaints/ConsoleComplaints';
import { Contracts } from '../contracts/Contracts';
import { Reports, Timeliness } from '../reports/Reports';
import { Stations } from '../stations/Stations';

/** 工作台: each section shows when the API admits the role to the operation it reads. */
export function Dashboard() {
  const role = roleOf() ?? '';
  return (
    <Space orientation="vertical" size={24} style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }}>
        工作台 · {ROLE_NAMES[role] ?? role}
      </Typography.Title>
      {allowed('GET /stations') && <Stations compact />}
      {allowed('GET /contracts') && <Contracts compact />}
      {allowed('GET /reports/timeliness') && <Timeliness />}
      {allowed('GET /reports') && <Reports compact />}
      {allowed('GET /complaints') && <ConsoleComplaints compact />}
    </Space>
  );
}
