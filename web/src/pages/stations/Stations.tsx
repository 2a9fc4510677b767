import { Space, Typography } from 'antd';
import { useSearchParams } from 'react-router';
import { ChineseDate } from '../../components/ChineseDate';
import { STATION_STATUS } from '../../components/labels';
import { MoreButton } from '../../components/MoreButton';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ScrollTable } from '../../components/ScrollTable';
import { StatusTag } from '../../components/StatusTag';
import { useCursorList } from '../../components/useCursorList';
import { api, data } from '../../services/client';

/** 社工站: the stations the API lets the role read; `?district=` and `?street=` pass straight to the API. */
export function Stations({ compact = false }: { compact?: boolean }) {
  const [search] = useSearchParams();
  const district = compact ? undefined : (search.get('district') ?? undefined);
  const street = compact ? undefined : (search.get('street') ?? undefined);
  const query = { ...(district ? { district } : {}), ...(street ? { street } : {}) };
  const list = useCursorList(['GET /stations', query], (cursor) =>
    data(api.GET('/stations', { params: { query: { ...query, ...(cursor ? { cursor } : {}) } } })),
  );
  return (
    <section aria-labelledby="stations-title">
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={compact ? 3 : 2} id="stations-title" style={{ fontSize: compact ? 16 : 20 }}>
          社工站
        </Typography.Title>
      </Space>
      <ProblemAlert error={list.error} />
      <ScrollTable
        label="社工站列表"
        minWidth={720}
        rowKey="id"
        size={compact ? 'small' : 'middle'}
        loading={list.loading}
        dataSource={list.items}
        pagination={false}
        columns={[
          { title: '标准名称', dataIndex: 'standardName' },
          { title: '区县', dataIndex: 'districtName', width: 90 },
          { title: '街道/镇', dataIndex: 'streetName', width: 120 },
          { title: '地址', dataIndex: 'address' },
          {
            title: '状态',
            dataIndex: 'status',
            width: 90,
            render: (s: string) => (
              <StatusTag color={s === 'active' ? 'green' : 'default'}>{STATION_STATUS[s] ?? s}</StatusTag>
            ),
          },
          {
            title: '设立日期',
            dataIndex: 'openedOn',
            width: 140,
            render: (d?: string) => <ChineseDate value={d} />,
          },
        ]}
      />
      <MoreButton list={list} />
    </section>
  );
}
