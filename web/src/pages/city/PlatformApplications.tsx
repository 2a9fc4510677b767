import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, DatePicker, Descriptions, Form, Input, Modal, Radio, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { ChineseDate } from '../../components/ChineseDate';
import { Money } from '../../components/Money';
import { MoreButton } from '../../components/MoreButton';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ScrollTable } from '../../components/ScrollTable';
import { StatusTag } from '../../components/StatusTag';
import { useCursorList } from '../../components/useCursorList';
import { allowed } from '../../services/access';
import type { components } from '../../services/api';
import { api, data } from '../../services/client';
import { parseYuan, yuanRule } from '../finance/common';

type Application = components['schemas']['PlatformApplication'];

const STATUS: Record<Application['status'], [string, string]> = {
  submitted: ['待审核', 'processing'],
  approved: ['已批准', 'green'],
  rejected: ['不予批准', 'red'],
};

/** A station's standard name, read from the API (an application names its station by id). */
function StationName({ id }: { id: string }) {
  const s = useQuery({
    queryKey: ['GET /stations/{id}', { id }],
    queryFn: () => data(api.GET('/stations/{id}', { params: { path: { id } } })),
  });
  return <>{s.data?.standardName ?? '—'}</>;
}

/**
 * 平台共享申请 (R21.1): departments' written applications to use a station's platform — the city's for city
 * departments, a district's for its own — and the decision; an approval registers the service contract between
 * the applicant and the station's operator (谁购买谁监管谁考核).
 */
export function PlatformApplications({ compact = false }: { compact?: boolean }) {
  const list = useCursorList(['GET /platform-applications', {}], (cursor) =>
    data(api.GET('/platform-applications', { params: { query: cursor ? { cursor } : {} } })),
  );
  const canDecide = allowed('POST /platform-applications/{id}/decision');
  const [deciding, setDeciding] = useState<Application>();
  return (
    <section aria-labelledby="platform-title">
      <Typography.Title level={compact ? 3 : 2} id="platform-title" style={{ fontSize: compact ? 16 : 20 }}>
        平台共享申请
      </Typography.Title>
      <ProblemAlert error={list.error} />
      {!list.error && (
        <ScrollTable<Application>
          label="平台共享申请列表"
          minWidth={compact ? 700 : 1000}
          rowKey="id"
          size={compact ? 'small' : 'middle'}
          loading={list.loading}
          dataSource={list.items}
          pagination={false}
          locale={{ emptyText: '暂无平台共享申请' }}
          columns={[
            { title: '申请单位', render: (_, a) => a.applicant.name },
            { title: '社工站', render: (_, a) => <StationName id={a.stationId} /> },
            { title: '入驻项目', dataIndex: 'project' },
            ...(compact
              ? []
              : [
                  {
                    title: '经费安排',
                    align: 'right' as const,
                    render: (_: unknown, a: Application) => (
                      <>
                        <Money fen={a.funding.amountFen} />
                        <br />
                        <Typography.Text type="secondary">{a.funding.source}</Typography.Text>
                      </>
                    ),
                  },
                  { title: '人员', render: (_: unknown, a: Application) => `${a.staffing.count} 人` },
                ]),
            { title: '提交时间', render: (_, a) => <ChineseDate value={a.createdAt} /> },
            {
              title: '状态',
              render: (_, a) => <StatusTag color={STATUS[a.status][1]}>{STATUS[a.status][0]}</StatusTag>,
            },
            ...(canDecide && !compact
              ? [
                  {
                    title: '操作',
                    width: 90,
                    render: (_: unknown, a: Application) =>
                      a.status === 'submitted' ? (
                        <Button
                          size="small"
                          onClick={() => setDeciding(a)}
                          aria-label={`审核${a.applicant.name}的申请`}
                        >
                          审核
                        </Button>
                      ) : null,
                  },
                ]
              : []),
          ]}
        />
      )}
      <MoreButton list={list} />
      {deciding && <Decide application={deciding} onClose={() => setDeciding(undefined)} />}
    </section>
  );
}

interface DecisionValues {
  outcome: 'approved' | 'rejected';
  reason: string;
  number?: string;
  signedOn?: Dayjs;
  operatorOrgId?: string;
  amount?: string;
  period?: [Dayjs, Dayjs];
}

function Decide({ application: a, onClose }: { application: Application; onClose: () => void }) {
  const [form] = Form.useForm<DecisionValues>();
  const client = useQueryClient();
  const outcome = Form.useWatch('outcome', form);
  // The service contract is signed with the station's operator: the one of its contract in force.
  const current = useQuery({
    queryKey: ['GET /contracts', { stationId: a.stationId, status: 'active' }],
    queryFn: () =>
      data(api.GET('/contracts', { params: { query: { stationId: a.stationId, status: 'active' } } })),
  });
  const operator = current.data?.items[0]?.operator;
  useEffect(() => {
    if (operator && !form.getFieldValue('operatorOrgId')) form.setFieldValue('operatorOrgId', operator.orgId);
  }, [operator, form]);
  const decide = useMutation({
    mutationFn: (v: DecisionValues) =>
      data(
        api.POST('/platform-applications/{id}/decision', {
          params: { path: { id: a.id } },
          body: {
            version: a.version,
            outcome: v.outcome,
            reason: v.reason,
            ...(v.outcome === 'approved' && v.signedOn && v.period
              ? {
                  serviceContract: {
                    number: v.number ?? '',
                    signedOn: v.signedOn.format('YYYY-MM-DD'),
                    operatorOrgId: v.operatorOrgId ?? '',
                    amountFen: parseYuan(v.amount) ?? 0,
                    servicePeriod: {
                      start: v.period[0].format('YYYY-MM-DD'),
                      end: v.period[1].format('YYYY-MM-DD'),
                    },
                  },
                }
              : {}),
          },
        }),
      ),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['GET /platform-applications'] });
      onClose();
    },
  });
  return (
    <Modal
      open
      title={`审核：${a.applicant.name}的平台共享申请`}
      okText="提交审核意见"
      cancelText="取消"
      confirmLoading={decide.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      width={640}
      destroyOnHidden
    >
      <Descriptions size="small" column={1} bordered style={{ marginBottom: 16 }}>
        <Descriptions.Item label="社工站">
          <StationName id={a.stationId} />
        </Descriptions.Item>
        <Descriptions.Item label="共享理由">{a.reason}</Descriptions.Item>
        <Descriptions.Item label="入驻项目">{a.project}</Descriptions.Item>
        <Descriptions.Item label="服务需求">{a.serviceNeeds}</Descriptions.Item>
        <Descriptions.Item label="经费安排">
          {a.funding.source}，<Money fen={a.funding.amountFen} />
        </Descriptions.Item>
        <Descriptions.Item label="人员配备">
          {a.staffing.count} 人（不含社工站现有人员）：{a.staffing.description}
        </Descriptions.Item>
      </Descriptions>
      <ProblemAlert error={decide.error} />
      <Form<DecisionValues>
        form={form}
        layout="vertical"
        initialValues={{ outcome: 'approved' }}
        onFinish={(v) => decide.mutate(v)}
      >
        <Form.Item label="审核结论" name="outcome">
          <Radio.Group
            options={[
              { value: 'approved', label: '批准' },
              { value: 'rejected', label: '不予批准' },
            ]}
          />
        </Form.Item>
        <Form.Item
          label="审核意见"
          name="reason"
          rules={[{ required: true, whitespace: true, message: '请填写审核意见' }]}
        >
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
        {outcome !== 'rejected' && (
          <>
            <Typography.Paragraph type="secondary">
              批准时登记申请方与社工站承接方签订的服务合同，申请方负责监管考核。
            </Typography.Paragraph>
            <Form.Item
              label="服务合同编号"
              name="number"
              rules={[{ required: true, message: '请填写合同编号' }]}
            >
              <Input maxLength={64} />
            </Form.Item>
            <Form.Item
              label="签订日期"
              name="signedOn"
              rules={[{ required: true, message: '请选择签订日期' }]}
            >
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item
              label="承接方机构代码"
              name="operatorOrgId"
              rules={[{ required: true, message: '请填写承接方机构代码' }]}
              extra={operator ? `社工站现承接方：${operator.name}` : undefined}
            >
              <Input maxLength={64} />
            </Form.Item>
            <Form.Item
              label="合同金额（元）"
              name="amount"
              rules={[{ required: true, message: '请填写合同金额' }, yuanRule]}
            >
              <Input inputMode="decimal" suffix="元" />
            </Form.Item>
            <Form.Item label="服务期" name="period" rules={[{ required: true, message: '请选择服务期' }]}>
              <DatePicker.RangePicker style={{ width: '100%' }} />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}
