import { Space, Spin, Typography } from 'antd';
import { Link } from 'react-router';
import { ChineseDate } from '../../components/ChineseDate';
import { CONTRACT_STATUS } from '../../components/labels';
import { Money } from '../../components/Money';
import { MoreButton } from '../../components/MoreButton';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ScrollTable } from '../../components/ScrollTable';
import { StatusTag } from '../../components/StatusTag';
import { useCursorList } from '../../components/useCursorList';
import { api, data } from '../../services/client';
import { type Contract, useOpenYear } from './common';

/**
 * The operation that shows 我的合同 in the menu and on the 工作台: drafting a needs survey, which the API admits the
 * operator alone to (its list itself reads GET /contracts, which the API cuts to the operator's own contracts).
 */
export const MY_CONTRACTS_OPERATION = 'PUT /contracts/{id}/service-years/{year}/needs-survey';

/** 我的合同: the operator's contracts, each with what awaits it. */
export function MyContracts({ compact = false }: { compact?: boolean }) {
  const list = useCursorList(['GET /contracts', {}], (cursor) =>
    data(api.GET('/contracts', { params: { query: cursor ? { cursor } : {} } })),
  );
  return (
    <section aria-labelledby="my-contracts-title">
      <Typography.Title
        level={compact ? 3 : 2}
        id="my-contracts-title"
        style={{ fontSize: compact ? 16 : 20 }}
      >
        {compact ? '我的合同 · 待办' : '我的合同'}
      </Typography.Title>
      <ProblemAlert error={list.error} />
      <ScrollTable<Contract>
        label="我的合同列表"
        minWidth={compact ? 640 : 860}
        rowKey="id"
        size={compact ? 'small' : 'middle'}
        loading={list.loading}
        dataSource={list.items}
        pagination={false}
        locale={{ emptyText: '暂无合同' }}
        columns={[
          {
            title: '合同编号',
            width: 190,
            render: (_, c) => <Link to={`/console/contracts/${c.id}`}>{c.number}</Link>,
          },
          ...(compact
            ? []
            : [
                {
                  title: '合同金额',
                  width: 150,
                  align: 'right' as const,
                  render: (_: unknown, c: Contract) => <Money fen={c.amountFen} />,
                },
              ]),
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
          { title: '待办', render: (_, c) => <Awaiting contract={c} /> },
        ]}
      />
      <MoreButton list={list} />
    </section>
  );
}

/**
 * What the first service year with anything open still needs from the operator, each a link to where it is done,
 * and what waits on the street office, for information.
 */
function Awaiting({ contract: c }: { contract: Contract }) {
  const active = c.status === 'active';
  const { open, loading, error } = useOpenYear(c, active);
  if (!active) return <Typography.Text type="secondary">—</Typography.Text>;
  if (loading) return <Spin size="small" />;
  if (error) return <Typography.Text type="danger">待办读取失败</Typography.Text>;
  if (!open) return <StatusTag color="green">暂无待办</StatusTag>;
  const to = `/console/contracts/${c.id}?year=${open.year}`;
  return (
    <Space size={[4, 4]} wrap>
      <Typography.Text>第 {open.year} 服务年度：</Typography.Text>
      {open.mine.map((m) => (
        <Link key={m} to={to}>
          <StatusTag color="gold">{m}</StatusTag>
        </Link>
      ))}
      {open.theirs.map((t) => (
        <StatusTag key={t}>{t}</StatusTag>
      ))}
    </Space>
  );
}
