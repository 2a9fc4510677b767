import { Typography } from 'antd';
import { ChineseDate } from '../../components/ChineseDate';
import { CONTRACT_STATUS } from '../../components/labels';
import { Money } from '../../components/Money';
import { MoreButton } from '../../components/MoreButton';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ScrollTable } from '../../components/ScrollTable';
import { StatusTag } from '../../components/StatusTag';
import { useCursorList } from '../../components/useCursorList';
import { api, data } from '../../services/client';

/** 服务合同: the contracts the API lets the role read, amounts as the API gives them, in yuan. */
export function Contracts({ compact = false }: { compact?: boolean }) {
  const list = useCursorList(['GET /contracts', {}], (cursor) =>
    data(api.GET('/contracts', { params: { query: cursor ? { cursor } : {} } })),
  );
  return (
    <section aria-labelledby="contracts-title">
      <Typography.Title level={compact ? 3 : 2} id="contracts-title" style={{ fontSize: compact ? 16 : 20 }}>
        服务合同
      </Typography.Title>
      <ProblemAlert error={list.error} />
      <ScrollTable
        label="服务合同列表"
        minWidth={720}
        rowKey="id"
        size={compact ? 'small' : 'middle'}
        loading={list.loading}
        dataSource={list.items}
        pagination={false}
        columns={[
          { title: '合同编号', dataIndex: 'number', width: 150 },
          { title: '承接方', render: (_, c) => c.operator.name },
          { title: '合同金额', render: (_, c) => <Money fen={c.amountFen} />, align: 'right', width: 150 },
          {
            title: '服务期',
            width: 240,
            render: (_, c) => (
              <>
                <ChineseDate value={c.servicePeriod.start} /> 至 <ChineseDate value={c.servicePeriod.end} />
              </>
            ),
          },
          {
            title: '状态',
            dataIndex: 'status',
            width: 90,
            render: (s: string) => (
              <StatusTag color={s === 'active' ? 'blue' : 'default'}>{CONTRACT_STATUS[s] ?? s}</StatusTag>
            ),
          },
        ]}
      />
      <MoreButton list={list} />
    </section>
  );
}
