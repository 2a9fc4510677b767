import { useMutation, useQuery } from '@tanstack/react-query';
import { Button, Card, Descriptions, Empty, Form, Input, Result, Space, Spin, Typography } from 'antd';
import { useState } from 'react';
import { ChineseDate } from '../../components/ChineseDate';
import { GRADE_COLOR } from '../../components/labels';
import { ProblemAlert } from '../../components/ProblemAlert';
import { StatusTag } from '../../components/StatusTag';
import { PageIntro } from '../../layouts/PageIntro';
import type { components } from '../../services/api';
import { api, data } from '../../services/client';

type Notice = components['schemas']['PublicityNotice'];

/** 评估结果公示 (R18.1): the open notices, each with its result as the API computed it, and the objection form. */
export function PublicityPage() {
  const notices = useQuery({
    queryKey: ['GET /public/publicity', { status: 'open' }],
    queryFn: () => data(api.GET('/public/publicity', { params: { query: { status: 'open' } } })),
  });
  return (
    <>
      <PageIntro path="/gs/publicity" />
      <ProblemAlert error={notices.error} />
      {notices.isLoading && <Spin tip="正在加载…" />}
      {notices.data && notices.data.items.length === 0 && <Empty description="目前没有正在公示的评估结果" />}
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        {notices.data?.items.map((n) => (
          <NoticeCard key={n.id} notice={n} />
        ))}
      </Space>
    </>
  );
}

function NoticeCard({ notice }: { notice: Notice }) {
  const [open, setOpen] = useState(false);
  return (
    <Card
      title={<h3 style={{ margin: 0, fontSize: 16, whiteSpace: 'normal' }}>{notice.stationName}</h3>}
      extra={<StatusTag color={GRADE_COLOR[notice.grade]}>{notice.gradeName}</StatusTag>}
    >
      <Descriptions column={{ xs: 1, sm: 2 }} size="small">
        <Descriptions.Item label="承接方">{notice.operatorName}</Descriptions.Item>
        <Descriptions.Item label="服务年度">
          <ChineseDate value={notice.serviceYear.start} /> 至 <ChineseDate value={notice.serviceYear.end} />
        </Descriptions.Item>
        <Descriptions.Item label="评估机构">{notice.evaluatorName}</Descriptions.Item>
        <Descriptions.Item label="综合得分">
          <strong className="sgz-num">{notice.total}</strong> 分（{notice.gradeName}）
        </Descriptions.Item>
        <Descriptions.Item label="第三方评估机构评分">{notice.scores.thirdParty} 分</Descriptions.Item>
        <Descriptions.Item label="区县民政部门评分">{notice.scores.district} 分</Descriptions.Item>
        <Descriptions.Item label="街道（镇）评分">{notice.scores.street} 分</Descriptions.Item>
        <Descriptions.Item label="公示期">
          <ChineseDate value={notice.period.startsOn} /> 至 <ChineseDate value={notice.period.minEndOn} />
          {notice.period.provisional ? '（暂定）' : ''}
        </Descriptions.Item>
      </Descriptions>
      {open ? (
        <ObjectionForm noticeId={notice.id} stationName={notice.stationName} />
      ) : (
        <Button onClick={() => setOpen(true)} style={{ marginTop: 8 }}>
          对此结果提出异议
        </Button>
      )}
    </Card>
  );
}

function ObjectionForm({ noticeId, stationName }: { noticeId: string; stationName: string }) {
  const lodge = useMutation({
    mutationFn: (body: { content: string; contact?: string }) =>
      data(
        api.POST('/public/publicity/{id}/objections', {
          params: { path: { id: noticeId } },
          body: { content: body.content, ...(body.contact ? { contact: body.contact } : {}) },
        }),
      ),
  });
  if (lodge.data) {
    return (
      <Result
        status="success"
        title="异议已受理"
        subTitle={
          <>
            受理编号：<Typography.Text copyable>{lodge.data.id}</Typography.Text>
            <br />
            受理时间：
            <ChineseDate value={lodge.data.lodgedAt} withTime />
          </>
        }
      />
    );
  }
  return (
    <Form
      layout="vertical"
      onFinish={(v: { content: string; contact?: string }) => lodge.mutate(v)}
      style={{ marginTop: 12 }}
      aria-label={`对${stationName}评估结果的异议`}
    >
      <ProblemAlert error={lodge.error} />
      <Form.Item label="异议内容" name="content" rules={[{ required: true, message: '请填写异议内容' }]}>
        <Input.TextArea rows={4} maxLength={2000} showCount />
      </Form.Item>
      <Form.Item label="联系方式（选填，仅区县民政部门可见）" name="contact">
        <Input maxLength={200} autoComplete="tel" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={lodge.isPending}>
        提交异议
      </Button>
    </Form>
  );
}
