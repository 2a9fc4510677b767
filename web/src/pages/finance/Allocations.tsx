import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Col,
  Collapse,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Space,
  Spin,
  Statistic,
  Steps,
  Typography,
} from 'antd';
import { useState } from 'react';
import { ChineseDate } from '../../components/ChineseDate';
import { formatPoints } from '../../components/format';
import { Money } from '../../components/Money';
import { Percent } from '../../components/Percent';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ScrollTable } from '../../components/ScrollTable';
import { StatusTag } from '../../components/StatusTag';
import { allowed } from '../../services/access';
import { api, data } from '../../services/client';
import {
  type AllocationLine,
  type AllocationRun,
  FACTOR_NAMES,
  FACTORS,
  type Factor,
  parseYuan,
  shareAsPercent,
  sourceName,
  useDistrictName,
  useDivisions,
  useYear,
  YearSelect,
  yuanRule,
} from './common';

const useAllocations = (year: number) =>
  useQuery({
    queryKey: ['GET /allocations', { year }],
    queryFn: async () =>
      (await data(api.GET('/allocations', { params: { query: { year } } })))
        .items as unknown as AllocationRun[],
  });

/**
 * 因素分配 (R24.1): the city-level pool shared among the districts by factors, as the API computed and stored each
 * run with its inputs and their sources. The API offers no preview: a run is computed and saved in one request.
 */
export function Allocations({ compact = false }: { compact?: boolean }) {
  const [year, setYear] = useYear();
  const runs = useAllocations(year);
  const latestFirst = [...(runs.data ?? [])].reverse();
  const [latest, ...earlier] = latestFirst;
  return (
    <section aria-labelledby="allocations-title">
      <Space wrap style={{ marginBottom: 12 }}>
        <Typography.Title
          level={compact ? 3 : 2}
          id="allocations-title"
          style={{ fontSize: compact ? 16 : 20, margin: 0 }}
        >
          {year} 年市级资金因素分配
        </Typography.Title>
        {!compact && <YearSelect year={year} onChange={setYear} />}
      </Space>
      <ProblemAlert error={runs.error} />
      {!compact && allowed('POST /allocations') && <RunAllocation year={year} />}
      {runs.isLoading && <Spin />}
      {runs.data && !latest && <Typography.Paragraph>{year} 年尚未进行因素分配。</Typography.Paragraph>}
      {latest && <RunView run={latest} compact={compact} title="最近一次分配" />}
      {!compact && earlier.length > 0 && (
        <Collapse
          style={{ marginTop: 16 }}
          items={earlier.map((r) => ({
            key: r.id,
            label: (
              <>
                此前的分配：
                <ChineseDate value={r.createdAt} withTime />
              </>
            ),
            children: <RunView run={r} compact={false} />,
          }))}
        />
      )}
    </section>
  );
}

const SOURCE_OF: Readonly<Record<string, string>> = {
  contractTotalsFen: '站点合同总额',
  fundPerformanceBp: '资金执行率',
  fiscalCapacityBp: '财力指数',
  evaluationBp: '运营评估',
  sharingRatioPercent: '市级分担比例',
};

/** One run: its pool, weights and each district's factors with their sources, and the shares the API computed. */
function RunView({ run, compact, title }: { run: AllocationRun; compact: boolean; title?: string }) {
  const name = useDistrictName();
  const factors = new Map(run.inputs.factors.map((f) => [f.districtCode, f]));
  return (
    <div>
      {title && (
        <Typography.Title level={compact ? 4 : 3} style={{ fontSize: 15 }}>
          {title}
        </Typography.Title>
      )}
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title="资金池" valueRender={() => <Money fen={run.result.poolFen} />} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title="已分配" valueRender={() => <Money fen={run.result.allocatedFen} />} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic
              title="未分配（回市级资金池）"
              valueRender={() => <Money fen={run.result.unallocatedFen} />}
            />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title="分配时间" valueRender={() => <ChineseDate value={run.createdAt} withTime />} />
          </Card>
        </Col>
      </Row>
      {!compact && (
        <Descriptions size="small" column={{ xs: 1, md: 2 }} style={{ marginBottom: 12 }}>
          <Descriptions.Item label="因素权重">
            {FACTORS.map((f) => `${FACTOR_NAMES[f]} ${run.inputs.weights[f]}%`).join('，')}
          </Descriptions.Item>
          <Descriptions.Item label="绩效依据年度">{run.inputs.performanceYear} 年</Descriptions.Item>
          <Descriptions.Item label="分配规则" span={2}>
            {run.result.rule}
          </Descriptions.Item>
        </Descriptions>
      )}
      <ScrollTable<AllocationLine>
        label="各区县分配结果"
        minWidth={compact ? 560 : 1180}
        rowKey="districtCode"
        size="small"
        dataSource={[...run.result.lines]}
        pagination={false}
        expandable={
          compact
            ? undefined
            : {
                columnTitle: '来源',
                columnWidth: 56,
                expandedRowRender: (l) => (
                  <Descriptions size="small" column={{ xs: 1, md: 3 }} title="数据来源">
                    {Object.entries(run.inputs.sources[l.districtCode] ?? {}).map(([k, v]) => (
                      <Descriptions.Item key={k} label={SOURCE_OF[k] ?? k}>
                        {sourceName(v)}
                      </Descriptions.Item>
                    ))}
                  </Descriptions>
                ),
              }
        }
        columns={[
          { title: '区县', render: (_, l) => name(l.districtCode) },
          ...(compact
            ? []
            : [
                {
                  title: '站点合同总额',
                  align: 'right' as const,
                  render: (_: unknown, l: AllocationLine) => (
                    <Money fen={factors.get(l.districtCode)?.contractTotalsFen} />
                  ),
                },
                {
                  title: '资金执行率',
                  align: 'right' as const,
                  render: (_: unknown, l: AllocationLine) => (
                    <Percent bp={factors.get(l.districtCode)?.fundPerformanceBp} />
                  ),
                },
                {
                  title: '财力指数',
                  align: 'right' as const,
                  render: (_: unknown, l: AllocationLine) => (
                    <span className="sgz-num">{factors.get(l.districtCode)?.fiscalCapacityBp}</span>
                  ),
                },
                {
                  title: '运营评估（分）',
                  align: 'right' as const,
                  render: (_: unknown, l: AllocationLine) => (
                    <span className="sgz-num">{formatPoints(factors.get(l.districtCode)?.evaluationBp)}</span>
                  ),
                },
                {
                  title: '市级分担比例',
                  align: 'right' as const,
                  render: (_: unknown, l: AllocationLine) => (
                    <span className="sgz-num">{factors.get(l.districtCode)?.sharingRatioPercent}%</span>
                  ),
                },
              ]),
          {
            title: '综合份额',
            align: 'right',
            render: (_, l) => <span className="sgz-num">{shareAsPercent(l.compositeShare)}</span>,
          },
          { title: '封顶额', align: 'right', render: (_, l) => <Money fen={l.capFen} /> },
          {
            title: '分配金额',
            align: 'right',
            render: (_, l) => (
              <strong>
                <Money fen={l.allocatedFen} />
              </strong>
            ),
          },
          {
            title: '封顶',
            width: 70,
            render: (_, l) => (l.capped ? <StatusTag color="orange">已封顶</StatusTag> : null),
          },
        ]}
      />
    </div>
  );
}

interface RunValues {
  pool: string;
  weightsFrom: 'policy' | 'custom';
  weights: Record<Factor, number>;
  performanceYear?: number;
  fiscalCapacityBp: Record<string, number>;
  fillAll?: number;
}

/**
 * City finance runs the allocation: the pool, the weights (the policy version's unless set here), the performance
 * year and each district's fiscal capacity index. The API reads the rest from the records and computes the shares;
 * the request can take a while, and the page says what it is waiting for.
 */
function RunAllocation({ year }: { year: number }) {
  const [form] = Form.useForm<RunValues>();
  const client = useQueryClient();
  const divisions = useDivisions();
  const [open, setOpen] = useState(false);
  const run = useMutation({
    mutationFn: (v: RunValues) =>
      data(
        api.POST('/allocations', {
          body: {
            year,
            poolFen: parseYuan(v.pool) ?? 0,
            ...(v.weightsFrom === 'custom' ? { weights: v.weights } : {}),
            ...(v.performanceYear ? { performanceYear: v.performanceYear } : {}),
            fiscalCapacityBp: v.fiscalCapacityBp,
          },
        }),
      ),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['GET /allocations', { year }] });
      setOpen(false);
    },
  });
  const weightsFrom = Form.useWatch('weightsFrom', form);
  if (!open) {
    return (
      <div style={{ marginBottom: 16 }}>
        {run.isSuccess && (
          <Alert
            type="success"
            showIcon
            role="status"
            title="分配已完成并保存，结果如下"
            style={{ marginBottom: 12 }}
          />
        )}
        <Button type="primary" onClick={() => setOpen(true)}>
          进行因素分配
        </Button>
      </div>
    );
  }
  return (
    <Card size="small" title={`${year} 年市级资金因素分配`} style={{ marginBottom: 16 }}>
      <Typography.Paragraph type="secondary">
        站点合同总额、资金绩效、运营评估和市级分担比例由系统从合同、绩效和预算记录中读取；财力指数（0–10000，越高分得越少）请按财政部门测算填写。
        分配结果以分为单位，合计与资金池完全相等，保存后不可修改。
      </Typography.Paragraph>
      <ProblemAlert error={run.error} />
      <Form<RunValues>
        form={form}
        layout="vertical"
        disabled={run.isPending}
        initialValues={{
          weightsFrom: 'policy',
          weights: { contractTotals: 40, fundPerformance: 20, fiscalCapacity: 20, evaluation: 20 },
          fiscalCapacityBp: {},
        }}
        onFinish={(v) => run.mutate(v)}
      >
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item
              label="市级资金池（元）"
              name="pool"
              rules={[{ required: true, message: '请填写资金池金额' }, yuanRule]}
            >
              <Input inputMode="decimal" suffix="元" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item label="绩效依据年度" name="performanceYear" extra="不填则为上一年度">
              <InputNumber min={2021} max={2100} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item label="因素权重" name="weightsFrom">
          <Radio.Group
            options={[
              { value: 'policy', label: '按现行政策版本' },
              { value: 'custom', label: '本次自定义' },
            ]}
          />
        </Form.Item>
        {weightsFrom === 'custom' && (
          <Row gutter={16}>
            {FACTORS.map((f) => (
              <Col xs={12} md={6} key={f}>
                <Form.Item
                  label={`${FACTOR_NAMES[f]}（%）`}
                  name={['weights', f]}
                  rules={[{ required: true, message: '请填写' }]}
                >
                  <InputNumber min={0} max={100} precision={0} suffix="%" style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            ))}
          </Row>
        )}
        <Typography.Title level={4} style={{ fontSize: 14 }}>
          各区县财力指数
        </Typography.Title>
        <Space wrap style={{ marginBottom: 12 }}>
          <Form.Item name="fillAll" noStyle>
            <InputNumber aria-label="统一财力指数" min={0} max={10000} precision={0} placeholder="0–10000" />
          </Form.Item>
          <Button
            onClick={() => {
              const v = form.getFieldValue('fillAll');
              if (typeof v !== 'number') return;
              form.setFieldsValue({
                fiscalCapacityBp: Object.fromEntries((divisions.data ?? []).map((d) => [d.code, v])),
              });
            }}
          >
            全部区县填入此值
          </Button>
        </Space>
        <Row gutter={16}>
          {(divisions.data ?? []).map((d) => (
            <Col xs={12} md={6} lg={4} key={d.code}>
              <Form.Item
                label={d.name}
                name={['fiscalCapacityBp', d.code]}
                rules={[{ required: true, message: '请填写' }]}
              >
                <InputNumber min={0} max={10000} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          ))}
        </Row>
        {run.isPending && (
          <div role="status" aria-live="polite" style={{ margin: '12px 0' }}>
            <Steps
              size="small"
              current={1}
              items={[
                { title: '提交分配参数' },
                { title: '读取各区县合同、绩效与预算，计算份额', icon: <Spin size="small" /> },
                { title: '保存分配结果' },
              ]}
            />
            <Typography.Paragraph style={{ marginTop: 8 }}>
              正在计算，涉及 {divisions.data?.length ?? ''} 个区县的合同与绩效记录，请稍候……
            </Typography.Paragraph>
          </div>
        )}
        <Space>
          <Button type="primary" htmlType="submit" loading={run.isPending}>
            计算并保存分配结果
          </Button>
          <Button onClick={() => setOpen(false)} disabled={run.isPending}>
            取消
          </Button>
        </Space>
      </Form>
    </Card>
  );
}
