import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Form, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { ChineseDate } from '../../components/ChineseDate';
import { GRADE_COLOR, GRADE_NAME, PUBLICITY_STATUS } from '../../components/labels';
import { Points } from '../../components/Points';
import { ProblemAlert } from '../../components/ProblemAlert';
import { StatusTag } from '../../components/StatusTag';
import { allowed } from '../../services/access';
import { api, data } from '../../services/client';
import { ApiProblem } from '../../services/problem';
import { CardTitle, type Evaluation, useEvaluationUpdated } from './common';
import { useNotices } from './Publicity';

/** Statuses in which the API refuses score changes (409 EVALUATION_SCORES_LOCKED). */
export const LOCKED: readonly string[] = ['confirmed', 'in_publicity', 'final'];

/**
 * R18.1: from the district's confirmation the scores are locked (the API answers 409 EVALUATION_SCORES_LOCKED); a
 * scorer sees why instead of a form.
 */
export function ScoresLocked({ evaluation: e }: { evaluation: Evaluation }) {
  return (
    <Card title={<CardTitle>分数已锁定</CardTitle>}>
      <Alert
        type="warning"
        showIcon
        title={e.status === 'final' ? '评估结果已生效，分数不能再修改' : '评估报告已确认，分数不能直接修改'}
        description={
          e.status === 'final'
            ? '公示期满、结果生效后分数不能再修改；如需再次评估，请另行委托评估。'
            : '如需更改分数，须由区县民政部门发起重新评估（说明理由，公示随之撤回），再修改分数并重新确认、公示。'
        }
      />
    </Card>
  );
}

/** Statuses from which the district may re-evaluate (the API answers 409 otherwise). */
const REOPENABLE: readonly string[] = ['confirmed', 'in_publicity'];

/**
 * R18.1: the district's 重新评估 of a confirmed or published evaluation (POST /evaluations/{id}/re-evaluation), with
 * its reason: the result goes into the history below, an open notice is withdrawn and its open objections end,
 * and the parties score again, after which the district confirms and publishes anew.
 */
export function ReEvaluate({ evaluation: e }: { evaluation: Evaluation }) {
  const [form] = Form.useForm<{ reason: string }>();
  const [asking, setAsking] = useState(false);
  const queryClient = useQueryClient();
  const updated = useEvaluationUpdated();
  const reopen = useMutation({
    mutationFn: ({ reason }: { reason: string }) =>
      data(
        api.POST('/evaluations/{id}/re-evaluation', {
          params: { path: { id: e.id } },
          body: { version: e.version, reason },
        }),
      ),
    onSuccess: async (after) => {
      form.resetFields();
      setAsking(false);
      await Promise.all([
        updated(after),
        // The notice is withdrawn and its open objections answered: the publicity and objection lists change.
        queryClient.invalidateQueries({ queryKey: ['GET /public/publicity'] }),
        queryClient.invalidateQueries({ queryKey: ['GET /objections'] }),
      ]);
    },
    onError: (error) => {
      if (error instanceof ApiProblem && error.errors) {
        form.setFields(
          error.errors
            .filter((f) => f.path === 'body.reason')
            .map((f) => ({ name: 'reason' as const, errors: [f.message] })),
        );
      }
    },
  });
  if (!allowed('POST /evaluations/{id}/re-evaluation') || !REOPENABLE.includes(e.status)) {
    return reopen.isSuccess ? (
      <Alert type="success" showIcon title="已发起重新评估：原结果已存档，各方可重新评分，确认后另行公示" />
    ) : null;
  }
  return (
    <Card title={<CardTitle>重新评估</CardTitle>}>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Text>
          {e.status === 'in_publicity'
            ? '重新评估将撤回正在进行的公示，未处理的质疑随之终结（理由作为处理意见报市民政局）；'
            : ''}
          原结果存入历次评估结果，评估退回评分阶段，各方修改分数后须重新确认、另行公示。
        </Typography.Text>
        {!asking ? (
          <Button danger onClick={() => setAsking(true)}>
            重新评估
          </Button>
        ) : (
          <Form
            form={form}
            layout="vertical"
            aria-label="重新评估"
            onFinish={(v) => reopen.mutate(v)}
            onValuesChange={() => reopen.reset()}
          >
            <Form.Item
              name="reason"
              label="重新评估理由"
              extra="理由记入审计，并通知第三方评估机构、街道办事处和承接方。"
              rules={[{ required: true, whitespace: true, message: '请填写重新评估的理由' }]}
              style={{ maxWidth: 640 }}
            >
              <Input.TextArea rows={3} maxLength={1000} />
            </Form.Item>
            <ProblemAlert error={reopen.error} />
            <Space>
              <Button type="primary" danger htmlType="submit" loading={reopen.isPending}>
                确认重新评估
              </Button>
              <Button
                onClick={() => {
                  setAsking(false);
                  reopen.reset();
                }}
              >
                取消
              </Button>
            </Space>
          </Form>
        )}
      </Space>
    </Card>
  );
}

/** Results set aside by re-evaluations, oldest first, as the API keeps them in the evaluation's history. */
export function ResultHistory({ evaluation: e }: { evaluation: Evaluation }) {
  const notices = useNotices();
  if (!e.history?.length) return null;
  return (
    <Card title={<CardTitle>历次评估结果（重新评估前）</CardTitle>}>
      {e.history.map((h, i) => (
        <Descriptions
          key={h.reopenedAt}
          column={{ xs: 1, md: 2 }}
          size="small"
          aria-label={`第 ${i + 1} 次重新评估前的结果`}
          style={{ marginBottom: 12 }}
        >
          <Descriptions.Item label="综合得分">
            {h.result ? (
              <>
                <span className="sgz-num">{h.result.total}</span> 分{' '}
                <StatusTag color={GRADE_COLOR[h.result.grade]}>{GRADE_NAME[h.result.grade]}</StatusTag>
              </>
            ) : (
              '—'
            )}
          </Descriptions.Item>
          <Descriptions.Item label="三方得分">
            第三方 <Points hundredths={h.scores.thirdParty?.total} /> / 区县{' '}
            <Points hundredths={h.scores.district} /> / 街道 <Points hundredths={h.scores.street} />
          </Descriptions.Item>
          {h.publicityId && (
            <Descriptions.Item label="原公示">
              <PublicityMark notice={notices.data?.find((n) => n.id === h.publicityId)} />
            </Descriptions.Item>
          )}
          <Descriptions.Item label="重新评估时间">
            <ChineseDate value={h.reopenedAt} withTime />
          </Descriptions.Item>
          <Descriptions.Item label="发起单位">{h.reopenedByOffice ?? h.reopenedBy}</Descriptions.Item>
          <Descriptions.Item label="理由" span={2}>
            {h.reason}
          </Descriptions.Item>
        </Descriptions>
      ))}
    </Card>
  );
}

/** The notice a re-evaluation withdrew, as the public list keeps it (已撤回, with the day it was published). */
function PublicityMark({ notice }: { notice: { status: string; publishedOn: string } | undefined }) {
  if (!notice) return <>已撤回</>;
  return (
    <>
      <StatusTag>{PUBLICITY_STATUS[notice.status] ?? notice.status}</StatusTag>（
      <ChineseDate value={notice.publishedOn} /> 发布）
    </>
  );
}
