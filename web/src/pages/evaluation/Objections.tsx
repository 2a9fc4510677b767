import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Modal, Radio, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { ChineseDate } from '../../components/ChineseDate';
import { OBJECTION_STATUS } from '../../components/labels';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ScrollTable } from '../../components/ScrollTable';
import { StatusTag } from '../../components/StatusTag';
import { allowed } from '../../services/access';
import type { components } from '../../services/api';
import { api, data } from '../../services/client';
import { useNotices } from './Publicity';

type Objection = components['schemas']['Objection'];

const STATUS_COLOR: Record<string, string> = {
  open: 'orange',
  upheld: 'red',
  rejected: 'default',
  superseded: 'default',
};

/**
 * 公示异议 (R18.1): objections lodged against publicity notices, with the district's decisions (the city reads every
 * district's). The district handling one may reveal the objector's contact details — each look is audited — and
 * decides it with its reasons, which go to the city. On the 工作台 (`compact`) only those still open.
 */
export function Objections({ compact = false }: { compact?: boolean }) {
  const list = useQuery({
    queryKey: ['GET /objections', {}],
    queryFn: async () => (await data(api.GET('/objections'))).items,
  });
  const notices = useNotices();
  const [deciding, setDeciding] = useState<Objection>();
  const [contactOf, setContactOf] = useState<Objection>();
  const canDecide = allowed('POST /objections/{id}/decision');
  const canReveal = allowed('POST /objections/{id}/contact');
  const stationOf = (o: Objection) => notices.data?.find((n) => n.id === o.publicityId)?.stationName ?? '—';
  const rows = (list.data ?? []).filter((o) => !compact || o.status === 'open');
  const title = compact ? '待处理的公示异议' : '公示异议';
  return (
    <section aria-labelledby="objections-title">
      <Typography.Title level={compact ? 3 : 2} id="objections-title" style={{ fontSize: compact ? 16 : 20 }}>
        {title}
      </Typography.Title>
      <ProblemAlert error={list.error ?? notices.error} />
      <ScrollTable<Objection>
        label={`${title}列表`}
        minWidth={900}
        rowKey="id"
        size={compact ? 'small' : 'middle'}
        loading={list.isLoading}
        dataSource={rows}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        locale={{ emptyText: compact ? '没有待处理的异议' : '暂无异议' }}
        columns={[
          {
            title: '社工站',
            width: 200,
            render: (_, o) => <Link to={`/console/evaluations/${o.evaluationId}`}>{stationOf(o)}</Link>,
          },
          { title: '异议内容', dataIndex: 'content' },
          {
            title: '提出时间',
            dataIndex: 'lodgedAt',
            width: 170,
            render: (d: string) => <ChineseDate value={d} withTime />,
          },
          {
            title: '状态',
            dataIndex: 'status',
            width: 110,
            render: (s: string) => <StatusTag color={STATUS_COLOR[s]}>{OBJECTION_STATUS[s] ?? s}</StatusTag>,
          },
          {
            title: '处理意见',
            width: 220,
            render: (_, o) =>
              o.decision ? (
                <>
                  {o.decision.opinion}
                  <br />
                  <Typography.Text type="secondary">
                    <ChineseDate value={o.decision.at} withTime />
                  </Typography.Text>
                </>
              ) : (
                '—'
              ),
          },
          ...(canDecide || canReveal
            ? [
                {
                  title: '操作',
                  width: 200,
                  render: (_: unknown, o: Objection) => (
                    <Space wrap>
                      {canReveal && o.contactGiven && (
                        <Button size="small" onClick={() => setContactOf(o)}>
                          查看联系方式
                        </Button>
                      )}
                      {canDecide && o.status === 'open' && (
                        <Button size="small" type="primary" onClick={() => setDeciding(o)}>
                          处理
                        </Button>
                      )}
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {contactOf && <ContactDialog objection={contactOf} onClose={() => setContactOf(undefined)} />}
      {deciding && (
        <DecisionDialog
          objection={deciding}
          stationName={stationOf(deciding)}
          onClose={() => setDeciding(undefined)}
        />
      )}
    </section>
  );
}

/** The objector's contact details (personal data): asked for on purpose, each time audited by the API. */
function ContactDialog({ objection, onClose }: { objection: Objection; onClose: () => void }) {
  const reveal = useMutation({
    mutationFn: () => data(api.POST('/objections/{id}/contact', { params: { path: { id: objection.id } } })),
  });
  return (
    <Modal open title="质疑人联系方式" onCancel={onClose} footer={null} destroyOnHidden>
      <Typography.Paragraph>
        联系方式属于个人信息，仅用于答复本次异议。每次查看都会记入审计日志。
      </Typography.Paragraph>
      <ProblemAlert error={reveal.error} />
      {reveal.data ? (
        <Alert type="info" title={<>联系方式：{reveal.data.contact}</>} />
      ) : (
        <Button type="primary" loading={reveal.isPending} onClick={() => reveal.mutate()}>
          确认查看
        </Button>
      )}
    </Modal>
  );
}

interface Decision {
  readonly outcome: 'upheld' | 'rejected';
  readonly opinion: string;
}

/**
 * The district's decision (POST /objections/{id}/decision), with its opinion for the city: upheld withdraws the
 * notice and sends the evaluation back to scoring; rejected needs its reasons.
 */
function DecisionDialog({
  objection,
  stationName,
  onClose,
}: {
  objection: Objection;
  stationName: string;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const decide = useMutation({
    mutationFn: (v: Decision) =>
      data(
        api.POST('/objections/{id}/decision', {
          params: { path: { id: objection.id } },
          body: { version: objection.version, outcome: v.outcome, opinion: v.opinion.trim() },
        }),
      ),
    onSuccess: async () => {
      await Promise.all(
        ['GET /objections', 'GET /public/publicity', 'GET /evaluations', 'GET /evaluations/{id}'].map((k) =>
          queryClient.invalidateQueries({ queryKey: [k] }),
        ),
      );
      onClose();
    },
  });
  return (
    <Modal open title={`处理异议：${stationName}`} onCancel={onClose} footer={null} destroyOnHidden>
      <Typography.Paragraph>{objection.content}</Typography.Paragraph>
      <Form<Decision> layout="vertical" onFinish={(v) => decide.mutate(v)} aria-label="异议处理意见">
        <Form.Item label="处理结论" name="outcome" rules={[{ required: true, message: '请选择处理结论' }]}>
          <Radio.Group
            options={[
              { value: 'rejected', label: '异议不成立' },
              { value: 'upheld', label: '异议成立（撤回公示，修正评分后重新公示）' },
            ]}
          />
        </Form.Item>
        <Form.Item
          label="处理意见（报市民政局）"
          name="opinion"
          rules={[{ required: true, whitespace: true, message: '请填写处理意见及理由' }]}
        >
          <Input.TextArea rows={4} maxLength={2000} showCount />
        </Form.Item>
        <ProblemAlert error={decide.error} />
        <Button type="primary" htmlType="submit" loading={decide.isPending}>
          提交处理意见
        </Button>
      </Form>
    </Modal>
  );
}
