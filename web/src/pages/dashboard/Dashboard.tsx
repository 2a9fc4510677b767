import { Space, Typography } from 'antd';
import { Fragment } from 'react';
import { shown } from '../../console-page';
import { CONSOLE_PAGES } from '../../console-pages';
import { ROLE_NAMES, roleOf } from '../../services/access';

/** 工作台: each page's section shows when the API admits the role to the operation it reads. */
export function Dashboard() {
  const role = roleOf() ?? '';
  return (
    <Space orientation="vertical" size={24} style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }}>
        工作台 · {ROLE_NAMES[role] ?? role}
      </Typography.Title>
      {CONSOLE_PAGES.filter((p) => p.section !== undefined && shown(p)).map((p) => (
        <Fragment key={p.path}>{p.section}</Fragment>
      ))}
    </Space>
  );
}
