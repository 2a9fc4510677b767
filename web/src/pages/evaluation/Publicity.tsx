import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Space, Typography } from 'antd';
import { Link } from 'react-router';
import { ChineseDate } from '../../components/ChineseDate';
import { PUBLICITY_STATUS } from '../../components/labels';
import { ProblemAlert } from '../../components/ProblemAlert';
import { StatusTag } from '../../components/StatusTag';
import { allowed } from '../../services/access';
import type { components } from '../../services/api';
import { api, data } from '../../services/client';
import { CardTitle, type Evaluation, evaluationKey, useEvaluationUpdated } from './common';

type Notice = components['schemas']['PublicityNotice'];

/** Every publicity notice, as the public reads them (GET /public/publicity): the console finds an evaluation's in it. */
export function useNotices() {
  return useQuery({
    queryKey: ['GET /public/publicity', {}],
    queryFn: async () => (await data(api.GET('/public/publicity'))).items,
  });
}

/**
 * R18.1: the district confirms the third party's report once the three scores are in (POST …/confirmation), then
 * publishes the result (POST …/publicity) for at least five working days — the period is the API's, from the
 * working calendar. Afterwards the notice as the public sees it, with its open objections.
 */
export function Publicity({ evaluation: e }: { evaluation: Evaluation }) {
  const queryClient = useQueryClient();
  const updated = useEvaluationUpdated();
  const notices = useNotices();
  const confirm = useMutation({
    mutationFn: () =>
      data(
        api.POST('/evaluations/{id}/confirmation', {
          params: { path: { id: e.id } },
          body: { version: e.version },
        }),
      ),
    onSuccess: async (after) => {
      await updated(after);
      // Confirming also accepts the third party's report: its status on this page changes with it.
      await queryClient.invalidateQueries({ queryKey: ['GET /reports', { id: e.reportSlotId }] });
    },
  });
  const publish = useMutation({
    mutationFn: () =>
      data(
        api.POST('/evaluations/{id}/publicity', {
          params: { path: { id: e.id } },
          body: { version: e.version },
        }),
      ),
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: evaluationKey(e.id) }),
        queryClient.invalidateQueries({ queryKey: ['GET /evaluations', {}], exact: true }),
        queryClient.invalidateQueries({ queryKey: ['GET /public/publicity'] }),
      ]);
    },
  });
  const canConfirm = allowed('POST /evaluations/{id}/confirmation') && e.status === 'scored';
  const canPublish = allowed('POST /evaluations/{id}/publicity') && e.status === 'confirmed';
  const notice = publish.data ?? notices.data?.find((n) => n.id === e.publicityId);
  if (!canConfirm && !canPublish && !e.publicityId) return null;
  return (
    <Card title={<CardTitle>确认与公示</CardTitle>}>
      <ProblemAlert error={confirm.error ?? publish.error ?? notices.error} />
      {canConfirm && (
        <Space orientation="vertical">
          <Typography.Text>
            三方评分已齐全。请核对第三方评估报告后确认；确认后分数锁定，如需更改须重新评估，评估报告同时验收。
          </Typography.Text>
          <Button type="primary" loading={confirm.isPending} onClick={() => confirm.mutate()}>
            确认评估报告
          </Button>
        </Space>
      )}
      {canPublish && (
        <Space orientation="vertical">
          <Typography.Text>
            评估报告已确认。发布后向社会公示评估结果，公示期不少于 5 个工作日，由系统按工作日历计算。
          </Typography.Text>
          <Button type="primary" loading={publish.isPending} onClick={() => publish.mutate()}>
            发布公示
          </Button>
        </Space>
      )}
      {publish.isSuccess && (
        <Alert type="success" showIcon title="评估结果已公示" style={{ marginBottom: 12 }} />
      )}
      {notice && <NoticeFacts notice={notice} />}
    </Card>
  );
}

function NoticeFacts({ notice }: { notice: Notice }) {
  return (
    <Descriptions column={{ xs: 1, md: 2 }} size="small" aria-label="公示信息">
      <Descriptions.Item label="公示状态">
        <StatusTag color={notice.status === 'open' ? 'orange' : undefined}>
          {PUBLICITY_STATUS[notice.status] ?? notice.status}
        </StatusTag>
      </Descriptions.Item>
      <Descriptions.Item label="发布日期">
        <ChineseDate value={notice.publishedOn} />
      </Descriptions.Item>
      <Descriptions.Item label="公示期">
        <ChineseDate value={notice.period.startsOn} /> 至 <ChineseDate value={notice.period.minEndOn} />
        {notice.period.provisional ? '（节假日安排未公布，暂定）' : ''}
      </Descriptions.Item>
      <Descriptions.Item label="最早可结束公示">
        <ChineseDate value={notice.period.closableOn} />
      </Descriptions.Item>
      <Descriptions.Item label="待处理异议">
        {notice.openObjections} 件
        {allowed('GET /objections') && (
          <Link to="/console/objections" style={{ marginInlineStart: 12 }}>
            查看公示异议
          </Link>
        )}
      </Descriptions.Item>
      {notice.closedOn && (
        <Descriptions.Item label="公示结束日期">
          <ChineseDate value={notice.closedOn} />
        </Descriptions.Item>
      )}
    </Descriptions>
  );
}
