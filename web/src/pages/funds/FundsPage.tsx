import { useQuery } from '@tanstack/react-query';
import { Card, Col, Empty, Row, Select, Space, Statistic } from 'antd';
import dayjs from 'dayjs';
import { useSearchParams } from 'react-router';
import { ChineseDate } from '../../components/ChineseDate';
import { formatYuan } from '../../components/format';
import { CONTRACT_STATUS, GRADE_COLOR } from '../../components/labels';
import { Money } from '../../components/Money';
import { PlainTable } from '../../components/PlainTable';
import { ProblemAlert } from '../../components/ProblemAlert';
import { StatusTag } from '../../components/StatusTag';
import { PageIntro } from '../../layouts/PageIntro';
import { api, data } from '../../services/client';

/** 资金信息公开 (R28.1): contracts, amounts, operators, disbursements and results of a year, by district. */
export function FundsPage() {
  const [search, setSearch] = useSearchParams();
  const thisYear = dayjs().year();
  const year = Number(search.get('year') ?? thisYear);
  const district = search.get('district') ?? undefined;
  const divisions = useQuery({
    queryKey: ['GET /divisions'],
    queryFn: () => data(api.GET('/divisions')),
    staleTime: Number.POSITIVE_INFINITY,
  });
  const funds = useQuery({
    queryKey: ['GET /public/funds', { year, district }],
    queryFn: () =>
      data(api.GET('/public/funds', { params: { query: { year, ...(district ? { district } : {}) } } })),
  });
  const set = (k: string, v: string | undefined) => {
    const next = new URLSearchParams(search);
    if (v) next.set(k, v);
    else next.delete(k);
    setSearch(next);
  };
  const contracts = funds.data?.contracts ?? [];
  const widest = Math.max(1, ...contracts.map((c) => c.amountFen));
  return (
    <>
      <PageIntro path="/gs/funds" />
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          aria-label="年度"
          value={year}
          onChange={(v) => set('year', String(v))}
          options={Array.from({ length: thisYear - 2020 }, (_, i) => thisYear - i).map((y) => ({
            value: y,
            label: `${y} 年度`,
          }))}
          style={{ width: 120 }}
        />
        <Select
          aria-label="区县"
          allowClear
          placeholder="全部区县"
          value={district}
          onChange={(v) => set('district', v)}
          options={(divisions.data ?? []).map((d) => ({ value: d.code, label: d.name }))}
          style={{ width: 160 }}
        />
      </Space>
      <ProblemAlert error={funds.error} />
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        <Col xs={12} md={8}>
          <Card size="small">
            <Statistic title="合同金额合计" value={formatYuan(funds.data?.totals.contractsFen ?? 0)} />
          </Card>
        </Col>
        <Col xs={12} md={8}>
          <Card size="small">
            <Statistic title="本年已拨付" value={formatYuan(funds.data?.totals.disbursedFen ?? 0)} />
          </Card>
        </Col>
        <Col xs={24} md={8}>
          <Card size="small">
            <Statistic title="项目数" value={contracts.length} suffix="个" />
          </Card>
        </Col>
      </Row>
      {contracts.length > 0 && (
        <Card
          size="small"
          title={<h3 style={{ margin: 0, fontSize: 15 }}>各项目合同金额</h3>}
          style={{ marginBottom: 16 }}
        >
          <figure style={{ margin: 0 }} aria-label="各项目合同金额">
            {contracts.slice(0, 20).map((c) => (
              <div key={c.id} style={{ margin: '6px 0' }}>
                <div style={{ fontSize: 13 }}>
                  {c.title} · <Money fen={c.amountFen} />
                </div>
                <div className="sgz-bar" style={{ width: `${(c.amountFen / widest) * 100}%` }} />
              </div>
            ))}
          </figure>
        </Card>
      )}
      <PlainTable
        label="资金公开项目"
        minWidth={900}
        rowKey={(c) => c.id}
        loading={funds.isLoading}
        rows={contracts}
        pageSize={20}
        empty={<Empty description="本年度暂无公开的项目" />}
        columns={[
          { title: '项目', render: (c) => c.title, width: 180, rowHeader: true },
          { title: '区县', render: (c) => c.districtName, width: 90 },
          { title: '承接方', render: (c) => c.supplier.name, width: 150 },
          { title: '合同金额', render: (c) => <Money fen={c.amountFen} />, align: 'right', width: 140 },
          {
            title: '本年拨付',
            render: (c) =>
              c.disbursements.length === 0
                ? '—'
                : c.disbursements.map((d) => (
                    <div key={d.id}>
                      <ChineseDate value={d.date} /> <Money fen={d.amountFen} />
                    </div>
                  )),
            width: 240,
          },
          {
            title: '服务期',
            render: (c) => (
              <>
                <ChineseDate value={c.period.start} /> 至 <ChineseDate value={c.period.end} />
              </>
            ),
            width: 220,
          },
          { title: '状态', render: (c) => CONTRACT_STATUS[c.status] ?? c.status, width: 80 },
          {
            title: '评估结果',
            render: (c) =>
              c.finalEvaluation ? (
                <StatusTag color={GRADE_COLOR[c.finalEvaluation.grade]}>
                  {c.finalEvaluation.gradeName} {c.finalEvaluation.total}
                </StatusTag>
              ) : (
                '—'
              ),
            width: 120,
          },
        ]}
      />
    </>
  );
}
