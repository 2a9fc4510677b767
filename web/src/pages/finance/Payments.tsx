import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  Modal,
  Row,
  Select,
  Space,
  Statistic,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { ChineseDate } from '../../components/ChineseDate';
import { Money } from '../../components/Money';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ScrollTable } from '../../components/ScrollTable';
import { StatusTag } from '../../components/StatusTag';
import { allowed } from '../../services/access';
import { api, data } from '../../services/client';
import {
  type ContractPayments,
  type DisbursementRecord,
  PRECONDITION_NAME,
  parseYuan,
  TRANCHE_COLOR,
  TRANCHE_STATUS,
  type Tranche,
  useParam,
  yuanRule,
} from './common';

/**
 * 合同拨付 (R25.1): a contract's tranches with what is paid, late and blocked, and every payment; district finance
 * pays a tranche here, and the API's refusals (a precondition not met, a late payment without its reason, a blocked
 * contract) are shown as it words them.
 */
export function Payments() {
  const [contractId, setContractId] = useParam('contract');
  const contracts = useQuery({
    queryKey: ['GET /contracts', { limit: 100 }],
    queryFn: () => data(api.GET('/contracts', { params: { query: { limit: 100 } } })),
  });
  const payments = useQuery({
    queryKey: ['GET /contracts/{id}/payments', { id: contractId }],
    queryFn: async () =>
      (await data(
        api.GET('/contracts/{id}/payments', { params: { path: { id: contractId as string } } }),
      )) as unknown as ContractPayments,
    enabled: contractId !== undefined,
  });
  const [paying, setPaying] = useState<Tranche>();
  const canPay = allowed('POST /contracts/{id}/disbursements');
  const contract = contracts.data?.items.find((c) => c.id === contractId);
  const p = payments.data;
  return (
    <section aria-labelledby="payments-title">
      <Typography.Title level={2} id="payments-title" style={{ fontSize: 20 }}>
        合同拨付
      </Typography.Title>
      <ProblemAlert error={contracts.error} />
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          aria-label="服务合同"
          showSearch={{ optionFilterProp: 'label' }}
          placeholder="选择服务合同"
          style={{ minWidth: 320 }}
          value={contract ? contractId : undefined}
          onChange={(id: string) => setContractId(id)}
          loading={contracts.isLoading}
          options={(contracts.data?.items ?? []).map((c) => ({
            value: c.id,
            label: `${c.number}（${c.operator.name}）`,
          }))}
        />
      </Space>
      <ProblemAlert error={payments.error} />
      {!contractId && <Typography.Paragraph>请选择一份服务合同，查看各期拨付情况。</Typography.Paragraph>}
      {p && (
        <>
          {p.paymentsBlocked && (
            <Alert
              type="error"
              showIcon
              title="评估结果不合格，已停止拨付"
              description={
                <>
                  自 <ChineseDate value={p.paymentsBlocked.since} /> 起停止拨付，剩余购买资金依法追回。
                </>
              }
              style={{ marginBottom: 16 }}
            />
          )}
          <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title="合同编号" value={contract?.number ?? '—'} />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title="合同金额" valueRender={() => <Money fen={p.amountFen} />} />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title="累计已拨付" valueRender={() => <Money fen={p.disbursedFen} />} />
              </Card>
            </Col>
          </Row>
          <Typography.Title level={3} style={{ fontSize: 16 }}>
            拨付计划
          </Typography.Title>
          <ScrollTable<Tranche>
            label="拨付计划"
            minWidth={860}
            rowKey="seq"
            size="middle"
            dataSource={[...p.tranches]}
            pagination={false}
            columns={[
              { title: '期次', width: 70, render: (_, t) => `第 ${t.seq} 期` },
              { title: '计划日期', render: (_, t) => <ChineseDate value={t.plannedOn} /> },
              { title: '计划金额', align: 'right', render: (_, t) => <Money fen={t.amountFen} /> },
              { title: '已拨付', align: 'right', render: (_, t) => <Money fen={t.paidFen} /> },
              {
                title: '拨付条件',
                render: (_, t) =>
                  t.precondition ? (PRECONDITION_NAME[t.precondition] ?? t.precondition) : '—',
              },
              {
                title: '状态',
                render: (_, t) => (
                  <StatusTag color={TRANCHE_COLOR[t.status]}>
                    {TRANCHE_STATUS[t.status]}
                    {t.daysLate !== undefined ? ` ${t.daysLate} 天` : ''}
                  </StatusTag>
                ),
              },
              ...(canPay
                ? [
                    {
                      title: '操作',
                      width: 90,
                      render: (_: unknown, t: Tranche) =>
                        t.status === 'paid' ? null : (
                          <Button size="small" onClick={() => setPaying(t)} aria-label={`拨付第 ${t.seq} 期`}>
                            拨付
                          </Button>
                        ),
                    },
                  ]
                : []),
            ]}
          />
          <Typography.Title level={3} style={{ fontSize: 16, marginTop: 24 }}>
            拨付记录
          </Typography.Title>
          <ScrollTable<DisbursementRecord>
            label="拨付记录"
            minWidth={860}
            rowKey="id"
            size="middle"
            dataSource={[...p.disbursements]}
            pagination={false}
            locale={{ emptyText: '尚无拨付记录' }}
            columns={[
              { title: '期次', width: 70, render: (_, d) => `第 ${d.seq} 期` },
              { title: '拨付日期', render: (_, d) => <ChineseDate value={d.paidOn} /> },
              { title: '金额', align: 'right', render: (_, d) => <Money fen={d.amountFen} /> },
              {
                title: '偏离计划',
                render: (_, d) =>
                  d.deviation
                    ? `${d.deviation.kind === 'late' ? '延迟' : '提前'} ${d.deviation.days} 天：${d.deviation.reason}`
                    : '按计划',
              },
              { title: '支付凭证号', render: (_, d) => d.voucherRef ?? '—' },
              { title: '经办人', render: (_, d) => d.recordedBy },
            ]}
          />
        </>
      )}
      {paying && p && (
        <Disburse contractId={p.contractId} tranche={paying} onClose={() => setPaying(undefined)} />
      )}
    </section>
  );
}

interface DisburseValues {
  amount: string;
  paidOn: Dayjs;
  reason?: string;
  voucherRef?: string;
}

/** Pays one tranche; `paidBeforeFen` is what the page showed as paid, so a payment someone made since is refused. */
function Disburse({
  contractId,
  tranche,
  onClose,
}: {
  contractId: string;
  tranche: Tranche;
  onClose: () => void;
}) {
  const [form] = Form.useForm<DisburseValues>();
  const client = useQueryClient();
  const pay = useMutation({
    mutationFn: (v: DisburseValues) =>
      data(
        api.POST('/contracts/{id}/disbursements', {
          params: { path: { id: contractId } },
          body: {
            seq: tranche.seq,
            amountFen: parseYuan(v.amount) ?? 0,
            paidOn: v.paidOn.format('YYYY-MM-DD'),
            paidBeforeFen: tranche.paidFen,
            ...(v.reason?.trim() ? { reason: v.reason.trim() } : {}),
            ...(v.voucherRef?.trim() ? { voucherRef: v.voucherRef.trim() } : {}),
          },
        }),
      ),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['GET /contracts/{id}/payments', { id: contractId }] });
      onClose();
    },
  });
  return (
    <Modal
      open
      title={`拨付第 ${tranche.seq} 期`}
      okText="确认拨付"
      cancelText="取消"
      confirmLoading={pay.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph>
        计划 <ChineseDate value={tranche.plannedOn} /> 拨付 <Money fen={tranche.amountFen} />
        ，已拨付 <Money fen={tranche.paidFen} />
        {tranche.precondition
          ? `；拨付条件：${PRECONDITION_NAME[tranche.precondition] ?? tranche.precondition}`
          : ''}
        。
      </Typography.Paragraph>
      <ProblemAlert error={pay.error} />
      <Form<DisburseValues>
        form={form}
        layout="vertical"
        initialValues={{ paidOn: dayjs() }}
        onFinish={(v) => pay.mutate(v)}
      >
        <Form.Item
          label="本次拨付金额（元）"
          name="amount"
          rules={[{ required: true, message: '请填写拨付金额' }, yuanRule]}
        >
          <Input inputMode="decimal" suffix="元" />
        </Form.Item>
        <Form.Item label="拨付日期" name="paidOn" rules={[{ required: true, message: '请选择拨付日期' }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item label="提前或延迟拨付的理由" name="reason" extra="拨付日期与计划日期不同时必填">
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
        <Form.Item label="支付凭证号" name="voucherRef">
          <Input maxLength={100} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
