import { Typography } from 'antd';
import { Link } from 'react-router';
import { ChineseDate } from '../../components/ChineseDate';
import { REPORT_KIND } from '../../components/labels';
import { MoreButton } from '../../components/MoreButton';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ScrollTable } from '../../components/ScrollTable';
import { StatusTag } from '../../components/StatusTag';
import { useCursorList } from '../../components/useCursorList';
import { usePlaceName } from '../../components/usePlaceName';
import { api, data } from '../../services/client';

/**
 * 待审阅 (R9.3): the reports waiting for the signed-in party's review, as the API selects them
 * (GET /reports?awaiting=review: submitted, this party a recipient that has not yet reviewed the current version).
 */
export function ReviewQueue({ compact = false }: { compact?: boolean }) {
  const list = useCursorList(['GET /reports', { awaiting: 'review' }], (cursor) =>
    data(api.GET('/reports', { params: { query: { awaiting: 'review', ...(cursor ? { cursor } : {}) } } })),
  );
  const place = usePlaceName();
  return (
    <section aria-labelledby="review-queue-title">
      <Typography.Title
        level={compact ? 3 : 2}
        id="review-queue-title"
        style={{ fontSize: compact ? 16 : 20 }}
      >
        待审阅的报告
      </Typography.Title>
      <ProblemAlert error={list.error} />
      <ScrollTable
        label="待审阅的报告列表"
        minWidth={880}
        rowKey="id"
        size={compact ? 'small' : 'middle'}
        loading={list.loading}
        dataSource={list.items}
        pagination={false}
        locale={{ emptyText: <Typography.Text type="secondary">没有待审阅的报告</Typography.Text> }}
        columns={[
          {
            title: '报告',
            dataIndex: 'title',
            render: (t: string, s) => <Link to={`/console/reports/${s.id}`}>{t}</Link>,
          },
          {
            title: '社工站',
            key: 'place',
            width: 200,
            render: (_: unknown, s) => place(s.streetCode ?? s.districtCode),
          },
          { title: '类型', dataIndex: 'kind', width: 110, render: (k: string) => REPORT_KIND[k] ?? k },
          {
            title: '应交日期',
            dataIndex: 'dueOn',
            width: 150,
            render: (d: string) => <ChineseDate value={d} />,
          },
          {
            title: '首次提交',
            dataIndex: 'firstSubmittedOn',
            width: 220,
            render: (d: string | undefined, s) => (
              <>
                <ChineseDate value={d} />{' '}
                {s.onTime !== undefined && (
                  <StatusTag color={s.onTime ? 'green' : 'red'}>{s.onTime ? '按时' : '逾期提交'}</StatusTag>
                )}
              </>
            ),
          },
        ]}
      />
      <MoreButton list={list} />
    </section>
  );
}
