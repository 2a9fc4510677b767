import { useQuery } from '@tanstack/react-query';
import { Space, Typography } from 'antd';
import { ChineseDate } from '../../components/ChineseDate';
import { formatPoints } from '../../components/format';
import { Money } from '../../components/Money';
import { Percent } from '../../components/Percent';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ScrollTable } from '../../components/ScrollTable';
import { allowed } from '../../services/access';
import type { components } from '../../services/api';
import { api, data } from '../../services/client';
import { type DistrictPerformance, useDistrictName, useYear, YearSelect } from '../finance/common';
import { usePerformance } from '../finance/PerformancePage';

type DistrictTimeliness = components['schemas']['Timeliness']['byDistrict'][number];

interface Row {
  readonly districtCode: string;
  readonly stations?: number;
  readonly timeliness?: DistrictTimeliness;
  readonly performance?: DistrictPerformance;
}

/**
 * 区县对比: every district the API lets the role read, side by side — stations in operation, report timeliness (B3)
 * and performance (R26.1), each figure as the API gives it. A district official sees its own line only, as the API answers.
 */
export function Districts({ compact = false }: { compact?: boolean }) {
  const [year, setYear] = useYear();
  const timeliness = useQuery({
    queryKey: ['GET /reports/timeliness', { year }],
    queryFn: () => data(api.GET('/reports/timeliness', { params: { query: { year } } })),
  });
  const stations = useQuery({
    queryKey: ['GET /public/stations/summary'],
    queryFn: () => data(api.GET('/public/stations/summary')),
  });
  const showPerformance = allowed('GET /performance');
  const perf = usePerformance(year);
  const name = useDistrictName();
  const codes = [
    ...new Set([
      ...(timeliness.data?.byDistrict ?? []).map((d) => d.districtCode),
      ...(showPerformance ? (perf.data?.districts ?? []).map((d) => d.districtCode) : []),
    ]),
  ].sort();
  const rows: Row[] = codes.map((code) => {
    const t = timeliness.data?.byDistrict.find((d) => d.districtCode === code);
    const p = perf.data?.districts.find((d) => d.districtCode === code);
    const n = stations.data?.districts.find((d) => d.code === code)?.stations;
    return {
      districtCode: code,
      ...(n !== undefined ? { stations: n } : {}),
      ...(t ? { timeliness: t } : {}),
      ...(p ? { performance: p } : {}),
    };
  });
  return (
    <section aria-labelledby="districts-title">
      <Space wrap style={{ marginBottom: 12 }}>
        <Typography.Title
          level={compact ? 3 : 2}
          id="districts-title"
          style={{ fontSize: compact ? 16 : 20, margin: 0 }}
        >
          {year} 年各区县对比
        </Typography.Title>
        {!compact && <YearSelect year={year} onChange={setYear} />}
      </Space>
      {timeliness.data && (
        <Typography.Paragraph type="secondary">
          社工站为目前运营中的站数；报告按时率统计截至 <ChineseDate value={timeliness.data.asOf} />{' '}
          已到期的报告；合同与绩效为本年度服务期内的合同。
        </Typography.Paragraph>
      )}
      <ProblemAlert error={timeliness.error} />
      <ProblemAlert error={stations.error} />
      {showPerformance && <ProblemAlert error={perf.error} />}
      {!timeliness.error && (
        <ScrollTable<Row>
          label="各区县对比"
          minWidth={1040}
          rowKey="districtCode"
          size={compact ? 'small' : 'middle'}
          loading={timeliness.isLoading || (showPerformance && perf.isLoading)}
          dataSource={rows}
          pagination={false}
          columns={[
            { title: '区县', width: 150, render: (_, r) => name(r.districtCode) },
            {
              title: '运营中社工站',
              align: 'right',
              render: (_, r) => (r.stations === undefined ? '—' : `${r.stations} 个`),
            },
            {
              title: '报告',
              children: [
                { title: '应交', align: 'right', render: (_, r) => r.timeliness?.due ?? '—' },
                { title: '按时', align: 'right', render: (_, r) => r.timeliness?.onTime ?? '—' },
                { title: '逾期', align: 'right', render: (_, r) => r.timeliness?.late ?? '—' },
                { title: '未交', align: 'right', render: (_, r) => r.timeliness?.missing ?? '—' },
                {
                  title: '按时率',
                  align: 'right',
                  render: (_, r) => <Percent bp={r.timeliness?.onTimeRateHundredths} />,
                },
                {
                  title: '提交率',
                  align: 'right',
                  render: (_, r) => <Percent bp={r.timeliness?.submittedRateHundredths} />,
                },
              ],
            },
            ...(showPerformance
              ? [
                  {
                    title: '合同与绩效',
                    children: [
                      {
                        title: '合同',
                        align: 'right' as const,
                        render: (_: unknown, r: Row) =>
                          r.performance ? `${r.performance.contracts.length} 份` : '—',
                      },
                      {
                        title: '合同总额',
                        align: 'right' as const,
                        render: (_: unknown, r: Row) => <Money fen={r.performance?.contractTotalsFen} />,
                      },
                      {
                        title: '任务完成率',
                        align: 'right' as const,
                        render: (_: unknown, r: Row) => <Percent bp={r.performance?.taskCompletionBp} />,
                      },
                      {
                        title: '资金执行率',
                        align: 'right' as const,
                        render: (_: unknown, r: Row) => <Percent bp={r.performance?.fundExecutionBp} />,
                      },
                      {
                        title: '评估平均分',
                        align: 'right' as const,
                        render: (_: unknown, r: Row) => (
                          <span className="sgz-num">{formatPoints(r.performance?.evaluationBp)}</span>
                        ),
                      },
                    ],
                  },
                ]
              : []),
          ]}
        />
      )}
    </section>
  );
}
