import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, DatePicker, Form, Input, Modal, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useNavigate } from 'react-router';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useCursorList } from '../../components/useCursorList';
import { api, data } from '../../services/client';

interface Values {
  readonly contractId: string;
  readonly serviceYear: number;
  readonly evaluatorOrgId: string;
  readonly evaluatorName: string;
  readonly planned: [Dayjs, Dayjs];
  readonly outsideWindowReason?: string;
}

/**
 * R16.1: the district commissions a third party to evaluate one service year of a contract in force
 * (POST /contracts/{id}/evaluations). The API works out the window and refuses planned dates outside it without a
 * reason; its answer is shown as it says.
 */
export function CommissionEvaluation({ onClose }: { onClose: () => void }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  // The same cached list as the contracts page; a draft has no service year to evaluate yet.
  const contracts = useCursorList(['GET /contracts', {}], (cursor) =>
    data(api.GET('/contracts', { params: { query: cursor ? { cursor } : {} } })),
  );
  const commission = useMutation({
    mutationFn: (v: Values) =>
      data(
        api.POST('/contracts/{id}/evaluations', {
          params: { path: { id: v.contractId } },
          body: {
            serviceYear: v.serviceYear,
            evaluator: { orgId: v.evaluatorOrgId.trim(), name: v.evaluatorName.trim() },
            planned: { start: v.planned[0].format('YYYY-MM-DD'), end: v.planned[1].format('YYYY-MM-DD') },
            ...(v.outsideWindowReason?.trim() ? { outsideWindowReason: v.outsideWindowReason.trim() } : {}),
          },
        }),
      ),
    onSuccess: async (created) => {
      await queryClient.invalidateQueries({ queryKey: ['GET /evaluations'] });
      navigate(`/console/evaluations/${created.id}`);
    },
  });
  return (
    <Modal open title="委托第三方评估" onCancel={onClose} footer={null} destroyOnHidden>
      <ProblemAlert error={contracts.error ?? commission.error} />
      <Form<Values>
        layout="vertical"
        onFinish={(v) => commission.mutate(v)}
        initialValues={{ serviceYear: 1 }}
      >
        <Form.Item label="服务合同" name="contractId" rules={[{ required: true, message: '请选择服务合同' }]}>
          <Select
            loading={contracts.loading}
            options={contracts.items
              .filter((c) => c.status !== 'draft')
              .map((c) => ({
                value: c.id,
                label: `${c.number}（${c.operator.name}）`,
              }))}
          />
        </Form.Item>
        <Form.Item label="服务年度" name="serviceYear" rules={[{ required: true }]}>
          <Select options={[1, 2, 3].map((n) => ({ value: n, label: `第 ${n} 服务年度` }))} />
        </Form.Item>
        <Form.Item
          label="评估机构统一身份编号"
          name="evaluatorOrgId"
          rules={[{ required: true, message: '请填写评估机构在统一身份认证中的编号' }]}
        >
          <Input placeholder="如 org-tp-a" autoComplete="off" />
        </Form.Item>
        <Form.Item
          label="评估机构名称"
          name="evaluatorName"
          rules={[{ required: true, message: '请填写评估机构名称' }]}
        >
          <Input maxLength={200} autoComplete="organization" />
        </Form.Item>
        <Form.Item
          label="计划评估日期"
          name="planned"
          rules={[{ required: true, message: '请选择计划日期' }]}
        >
          <DatePicker.RangePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item label="安排在评估窗口之外的理由（窗口外必填）" name="outsideWindowReason">
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={commission.isPending}>
          委托评估
        </Button>
      </Form>
    </Modal>
  );
}
