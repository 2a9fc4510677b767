import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Form, Input, InputNumber, Modal, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { ChineseDate } from '../../components/ChineseDate';
import { formatYuan } from '../../components/format';
import { Money } from '../../components/Money';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ScrollTable } from '../../components/ScrollTable';
import { allowed, roleOf } from '../../services/access';
import { currentSession } from '../../services/auth';
import { api, data } from '../../services/client';
import {
  type BudgetLine,
  parseYuan,
  useDistrictName,
  useDivisions,
  useYear,
  YearSelect,
  yuanRule,
} from './common';

/** The year's budget lines (R22.1) the role may read, in the one query cache. */
export function useBudgets(year: number) {
  return useQuery({
    queryKey: ['GET /budgets/{year}', { year }],
    queryFn: async () =>
      (await data(api.GET('/budgets/{year}', { params: { path: { year } } })))
        .items as unknown as BudgetLine[],
  });
}

/** 年度预算 (R22.1): each district's city and district shares and the city's sharing ratio, set by the finance bureaus. */
export function Budgets({ compact = false }: { compact?: boolean }) {
  const [year, setYear] = useYear();
  const budgets = useBudgets(year);
  const name = useDistrictName();
  const [editing, setEditing] = useState<{ districtCode?: string } | undefined>();
  const canEdit = allowed('PUT /budgets/{year}/districts/{code}');
  return (
    <section aria-labelledby="budgets-title">
      <Space wrap style={{ marginBottom: 12 }}>
        <Typography.Title
          level={compact ? 3 : 2}
          id="budgets-title"
          style={{ fontSize: compact ? 16 : 20, margin: 0 }}
        >
          {year} 年度预算
        </Typography.Title>
        {!compact && <YearSelect year={year} onChange={setYear} />}
        {!compact && canEdit && (
          <Button type="primary" onClick={() => setEditing({})}>
            设定区县预算
          </Button>
        )}
      </Space>
      <ProblemAlert error={budgets.error} />
      {!budgets.error && (
        <ScrollTable<BudgetLine>
          label="年度预算列表"
          minWidth={760}
          rowKey="districtCode"
          size={compact ? 'small' : 'middle'}
          loading={budgets.isLoading}
          dataSource={budgets.data ?? []}
          pagination={false}
          locale={{ emptyText: `尚未设定 ${year} 年度预算` }}
          columns={[
            { title: '区县', render: (_, b) => name(b.districtCode) },
            {
              title: '市级承担',
              align: 'right',
              render: (_, b) => <Money fen={b.cityShareFen} />,
            },
            {
              title: '区县承担',
              align: 'right',
              render: (_, b) => <Money fen={b.districtShareFen} />,
            },
            {
              title: '市级分担比例',
              align: 'right',
              render: (_, b) => <span className="sgz-num">{b.sharingRatioPercent}%</span>,
            },
            { title: '更新时间', render: (_, b) => <ChineseDate value={b.updatedAt} withTime /> },
            ...(canEdit && !compact
              ? [
                  {
                    title: '操作',
                    width: 90,
                    render: (_: unknown, b: BudgetLine) => (
                      <Button
                        size="small"
                        onClick={() => setEditing({ districtCode: b.districtCode })}
                        aria-label={`修改${name(b.districtCode)}预算`}
                      >
                        修改
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      )}
      {editing && (
        <BudgetForm
          year={year}
          districtCode={editing.districtCode}
          lines={budgets.data ?? []}
          onClose={() => setEditing(undefined)}
        />
      )}
    </section>
  );
}

interface BudgetFormValues {
  districtCode: string;
  cityShare: string;
  districtShare: string;
  sharingRatioPercent: number;
}

/**
 * Sets a district's budget line: the city finance bureau any district and every figure, a district finance bureau
 * its own district share (the city's figures are the city's; the API refuses other values for them).
 */
function BudgetForm({
  year,
  districtCode,
  lines,
  onClose,
}: {
  year: number;
  districtCode: string | undefined;
  lines: readonly BudgetLine[];
  onClose: () => void;
}) {
  const [form] = Form.useForm<BudgetFormValues>();
  const client = useQueryClient();
  const divisions = useDivisions();
  const cityFinance = roleOf() === 'city_finance';
  const own = currentSession()?.claims.district_code;
  const initialCode = districtCode ?? (cityFinance ? undefined : own);
  const [code, setCode] = useState(initialCode);
  const line = lines.find((l) => l.districtCode === code);
  const yuan = (fen: number | undefined) => (fen === undefined ? '' : formatYuan(fen).replace(/[¥,]/g, ''));
  const save = useMutation({
    mutationFn: (v: BudgetFormValues) =>
      data(
        api.PUT('/budgets/{year}/districts/{code}', {
          params: { path: { year, code: v.districtCode } },
          body: {
            cityShareFen: parseYuan(v.cityShare) ?? 0,
            districtShareFen: parseYuan(v.districtShare) ?? 0,
            sharingRatioPercent: v.sharingRatioPercent,
            version: line?.version ?? 0,
          },
        }),
      ),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['GET /budgets/{year}', { year }] });
      onClose();
    },
  });
  return (
    <Modal
      open
      title={`${year} 年度区县预算`}
      okText="保存"
      cancelText="取消"
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <ProblemAlert error={save.error} />
      <Form<BudgetFormValues>
        form={form}
        layout="vertical"
        initialValues={{
          districtCode: initialCode,
          cityShare: yuan(line?.cityShareFen),
          districtShare: yuan(line?.districtShareFen),
          sharingRatioPercent: line?.sharingRatioPercent ?? 0,
        }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item label="区县" name="districtCode" rules={[{ required: true, message: '请选择区县' }]}>
          <Select
            disabled={districtCode !== undefined || !cityFinance}
            onChange={(c: string) => {
              setCode(c);
              const l = lines.find((x) => x.districtCode === c);
              form.setFieldsValue({
                cityShare: yuan(l?.cityShareFen),
                districtShare: yuan(l?.districtShareFen),
                sharingRatioPercent: l?.sharingRatioPercent ?? 0,
              });
            }}
            options={(divisions.data ?? [])
              .filter((d) => cityFinance || d.code === own)
              .map((d) => ({ value: d.code, label: d.name }))}
          />
        </Form.Item>
        <Form.Item
          label="市级承担（元）"
          name="cityShare"
          rules={[yuanRule]}
          extra={cityFinance ? undefined : '由市财政局确定'}
        >
          <Input inputMode="decimal" suffix="元" disabled={!cityFinance} />
        </Form.Item>
        <Form.Item label="区县承担（元）" name="districtShare" rules={[yuanRule]}>
          <Input inputMode="decimal" suffix="元" />
        </Form.Item>
        <Form.Item
          label="市级分担比例（%）"
          name="sharingRatioPercent"
          rules={[{ required: true, message: '请填写分担比例' }]}
          extra={cityFinance ? '因素分配时市级资金的封顶参照' : '由市财政局确定'}
        >
          <InputNumber min={0} max={100} precision={0} suffix="%" disabled={!cityFinance} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
