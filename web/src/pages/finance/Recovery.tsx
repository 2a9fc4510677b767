import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, DatePicker, Form, Input, Modal, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import { ChineseDate } from '../../components/ChineseDate';
import { Money } from '../../components/Money';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ScrollTable } from '../../components/ScrollTable';
import { StatusTag } from '../../components/StatusTag';
import { allowed } from '../../services/access';
import { api, data } from '../../services/client';
import { parseYuan, type RecoveryCase, useDistrictName, useParam, yuanRule } from './common';

/** A contract's number, read from the API (a recovery case names its contract by id). */
function ContractNumber({ id }: { id: string }) {
  const c = useQuery({
    queryKey: ['GET /contracts/{id}', { id }],
    queryFn: () => data(api.GET('/contracts/{id}', { params: { path: { id } } })),
  });
  return <Link to={`/console/finance/payments?contract=${id}`}>{c.data?.number ?? '查看合同拨付'}</Link>;
}

/**
 * 资金追回 (R25.1): after an unqualified final result the remaining purchase funds are recovered — the API's amount
 * (disbursed minus expenditure recognised up to termination), what was repaid and what is outstanding.
 */
export function Recovery({ compact = false }: { compact?: boolean }) {
  const [district] = useParam('district');
  const cases = useQuery({
    queryKey: ['GET /recovery-cases', { district }],
    queryFn: async () =>
      (await data(api.GET('/recovery-cases', { params: { query: district ? { district } : {} } })))
        .items as unknown as RecoveryCase[],
  });
  const name = useDistrictName();
  const [repaying, setRepaying] = useState<RecoveryCase>();
  const canRepay = allowed('POST /recovery-cases/{id}/repayments');
  return (
    <section aria-labelledby="recovery-title">
      <Typography.Title level={compact ? 3 : 2} id="recovery-title" style={{ fontSize: compact ? 16 : 20 }}>
        资金追回
      </Typography.Title>
      <ProblemAlert error={cases.error} />
      {!cases.error && (
        <ScrollTable<RecoveryCase>
          label="追回案件列表"
          minWidth={1080}
          rowKey="id"
          size={compact ? 'small' : 'middle'}
          loading={cases.isLoading}
          dataSource={cases.data ?? []}
          pagination={false}
          locale={{ emptyText: '暂无追回案件' }}
          columns={[
            { title: '区县', render: (_, c) => name(c.districtCode) },
            { title: '合同', render: (_, c) => <ContractNumber id={c.contractId} /> },
            { title: '终止日期', render: (_, c) => <ChineseDate value={c.terminationOn} /> },
            { title: '已拨付', align: 'right', render: (_, c) => <Money fen={c.disbursedFen} /> },
            {
              title: '终止前认可支出',
              align: 'right',
              render: (_, c) => <Money fen={c.recognisedExpenditureFen} />,
            },
            { title: '应追回', align: 'right', render: (_, c) => <Money fen={c.amountFen} /> },
            { title: '已追回', align: 'right', render: (_, c) => <Money fen={c.repaidFen} /> },
            {
              title: '尚需追回',
              align: 'right',
              render: (_, c) => (
                <strong>
                  <Money fen={c.outstandingFen} />
                </strong>
              ),
            },
            {
              title: '状态',
              render: (_, c) =>
                c.settled ? (
                  <StatusTag color="green">已结清</StatusTag>
                ) : (
                  <StatusTag color="orange">追回中</StatusTag>
                ),
            },
            ...(canRepay && !compact
              ? [
                  {
                    title: '操作',
                    width: 110,
                    render: (_: unknown, c: RecoveryCase) =>
                      c.settled ? null : (
                        <Button size="small" onClick={() => setRepaying(c)}>
                          登记追回款
                        </Button>
                      ),
                  },
                ]
              : []),
          ]}
        />
      )}
      {repaying && <Repay recovery={repaying} onClose={() => setRepaying(undefined)} />}
    </section>
  );
}

interface RepayValues {
  amount: string;
  paidOn: Dayjs;
}

function Repay({ recovery, onClose }: { recovery: RecoveryCase; onClose: () => void }) {
  const [form] = Form.useForm<RepayValues>();
  const client = useQueryClient();
  const repay = useMutation({
    mutationFn: (v: RepayValues) =>
      data(
        api.POST('/recovery-cases/{id}/repayments', {
          params: { path: { id: recovery.id } },
          body: {
            amountFen: parseYuan(v.amount) ?? 0,
            paidOn: v.paidOn.format('YYYY-MM-DD'),
            version: recovery.version,
          },
        }),
      ),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['GET /recovery-cases'] });
      onClose();
    },
  });
  return (
    <Modal
      open
      title="登记追回款"
      okText="保存"
      cancelText="取消"
      confirmLoading={repay.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph>
        尚需追回 <Money fen={recovery.outstandingFen} />。
      </Typography.Paragraph>
      <ProblemAlert error={repay.error} />
      <Form<RepayValues>
        form={form}
        layout="vertical"
        initialValues={{ paidOn: dayjs() }}
        onFinish={(v) => repay.mutate(v)}
      >
        <Form.Item
          label="追回金额（元）"
          name="amount"
          rules={[{ required: true, message: '请填写金额' }, yuanRule]}
        >
          <Input inputMode="decimal" suffix="元" />
        </Form.Item>
        <Form.Item label="到账日期" name="paidOn" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
