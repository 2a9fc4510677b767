import { useQuery } from '@tanstack/react-query';
import { Typography } from 'antd';
import { ChineseDate } from '../../components/ChineseDate';
import { COMPLAINT_STATUS } from '../../components/labels';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ScrollTable } from '../../components/ScrollTable';
import { StatusTag } from '../../components/StatusTag';
import { api, data } from '../../services/client';

/** The list item of GET /complaints (docs/openapi.json describes it only as an object). */
interface ComplaintRow {
  readonly id: string;
  readonly stationName: string;
  readonly receivedOn: string;
  readonly acknowledgeBy: string;
  readonly resolveBy: string;
  readonly status: string;
  readonly nextActionOn?: string;
}

/** 投诉: the complaints of the district, with the deadlines the API set (R15.1). */
export function ConsoleComplaints({ compact = false }: { compact?: boolean }) {
  const list = useQuery({
    queryKey: ['GET /complaints', {}],
    queryFn: async () => (await data(api.GET('/complaints'))).items as unknown as ComplaintRow[],
  });
  return (
    <section aria-labelledby="complaints-title">
      <Typography.Title level={compact ? 3 : 2} id="complaints-title" style={{ fontSize: compact ? 16 : 20 }}>
        投诉
      </Typography.Title>
      <ProblemAlert error={list.error} />
      <ScrollTable
        label="投诉列表"
        minWidth={640}
        rowKey="id"
        size={compact ? 'small' : 'middle'}
        loading={list.isLoading}
        dataSource={list.data ?? []}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        columns={[
          { title: '社工站', dataIndex: 'stationName' },
          {
            title: '收到',
            dataIndex: 'receivedOn',
            width: 140,
            render: (d: string) => <ChineseDate value={d} />,
          },
          {
            title: '受理期限',
            dataIndex: 'acknowledgeBy',
            width: 140,
            render: (d: string) => <ChineseDate value={d} />,
          },
          {
            title: '办结期限',
            dataIndex: 'resolveBy',
            width: 140,
            render: (d: string) => <ChineseDate value={d} />,
          },
          {
            title: '状态',
            dataIndex: 'status',
            width: 130,
            render: (s: string) => <StatusTag>{COMPLAINT_STATUS[s] ?? s}</StatusTag>,
          },
        ]}
      />
    </section>
  );
}
