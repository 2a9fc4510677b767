import { useQuery } from '@tanstack/react-query';
import { Space, Typography } from 'antd';
import { formatPoints } from '../../components/format';
import { GRADE_COLOR, GRADE_NAME } from '../../components/labels';
import { Money } from '../../components/Money';
import { Percent } from '../../components/Percent';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ScrollTable } from '../../components/ScrollTable';
import { StatusTag } from '../../components/StatusTag';
import { usePlaceName } from '../../components/usePlaceName';
import { api, data } from '../../services/client';
import {
  type ContractPerformance,
  type DistrictPerformance,
  type Performance,
  type ServiceVolumeFigures,
  type StationVolume,
  useDistrictName,
  useParam,
  useYear,
  YearSelect,
} from './common';

/** GET /performance of a year (a district's when given), in the one query cache. */
export function usePerformance(year: number, district?: string) {
  return useQuery({
    queryKey: ['GET /performance', { year, district }],
    queryFn: async () =>
      (await data(
        api.GET('/performance', { params: { query: { year, ...(district ? { district } : {}) } } }),
      )) as unknown as Performance,
  });
}

/** 绩效 (R26.1): per district and per contract, task completion, fund execution and evaluation, as the API gives them. */
export function PerformancePage({ compact = false }: { compact?: boolean }) {
  const [year, setYear] = useYear();
  const [district] = useParam('district');
  const perf = usePerformance(year, district);
  const name = useDistrictName();
  const volumeOf = (code: string) => perf.data?.serviceVolume.byDistrict.find((v) => v.districtCode === code);
  return (
    <section aria-labelledby="performance-title">
      <Space wrap style={{ marginBottom: 12 }}>
        <Typography.Title
          level={compact ? 3 : 2}
          id="performance-title"
          style={{ fontSize: compact ? 16 : 20, margin: 0 }}
        >
          {year} 年度绩效
        </Typography.Title>
        {!compact && <YearSelect year={year} onChange={setYear} />}
      </Space>
      <ProblemAlert error={perf.error} />
      {!perf.error && (
        <ScrollTable<DistrictPerformance>
          label="各区县绩效"
          minWidth={900}
          rowKey="districtCode"
          size={compact ? 'small' : 'middle'}
          loading={perf.isLoading}
          dataSource={[...(perf.data?.districts ?? [])]}
          pagination={false}
          expandable={
            compact
              ? undefined
              : {
                  rowExpandable: (d) => d.contracts.length > 0,
                  expandedRowRender: (d) => <ContractsTable rows={d.contracts} />,
                }
          }
          columns={[
            { title: '区县', render: (_, d) => name(d.districtCode) },
            {
              title: '本年度合同',
              align: 'right',
              render: (_, d) => <span className="sgz-num">{d.contracts.length} 份</span>,
            },
            { title: '合同总额', align: 'right', render: (_, d) => <Money fen={d.contractTotalsFen} /> },
            { title: '任务完成率', align: 'right', render: (_, d) => <Percent bp={d.taskCompletionBp} /> },
            { title: '资金执行率', align: 'right', render: (_, d) => <Percent bp={d.fundExecutionBp} /> },
            {
              title: '评估平均分',
              align: 'right',
              render: (_, d) => <span className="sgz-num">{formatPoints(d.evaluationBp)}</span>,
            },
            {
              title: '服务记录',
              align: 'right',
              render: (_, d) => <VolumeCell v={volumeOf(d.districtCode)} field="records" />,
            },
            {
              title: '服务时数',
              align: 'right',
              render: (_, d) => <VolumeCell v={volumeOf(d.districtCode)} field="hours" />,
            },
            {
              title: '结案个案',
              align: 'right',
              render: (_, d) => <VolumeCell v={volumeOf(d.districtCode)} field="casesClosed" />,
            },
            {
              title: '评估等级',
              render: (_, d) =>
                Object.keys(d.grades).length === 0
                  ? '—'
                  : Object.entries(d.grades).map(([g, n]) => (
                      <StatusTag key={g}>
                        {g} {n} 个
                      </StatusTag>
                    )),
            },
          ]}
        />
      )}
      {!perf.error && !compact && perf.data && <StationVolumes rows={perf.data.serviceVolume.byStation} />}
    </section>
  );
}

const UNIT = { records: '条', hours: '小时', casesClosed: '个' } as const;

/** One figure of a service volume as the API counted it (hours already computed from the minutes), with its unit. */
function VolumeCell({ v, field }: { v: ServiceVolumeFigures | undefined; field: keyof typeof UNIT }) {
  return v ? (
    <span className="sgz-num">
      {v[field]} {UNIT[field]}
    </span>
  ) : (
    '—'
  );
}

/** 各社工站服务量: each station's service records, hours and closed cases of the year, from the service records. */
function StationVolumes({ rows }: { rows: readonly StationVolume[] }) {
  const street = usePlaceName();
  return (
    <>
      <Typography.Title level={3} id="station-volume-title" style={{ fontSize: 16, marginTop: 24 }}>
        各社工站服务量（由服务记录统计）
      </Typography.Title>
      <ScrollTable<StationVolume>
        label="各社工站服务量"
        minWidth={860}
        rowKey="stationId"
        size="small"
        dataSource={[...rows]}
        pagination={false}
        columns={[
          { title: '社工站', render: (_, s) => street(s.streetCode) },
          { title: '服务记录', align: 'right', render: (_, s) => <VolumeCell v={s} field="records" /> },
          { title: '服务时数', align: 'right', render: (_, s) => <VolumeCell v={s} field="hours" /> },
          {
            title: '服务对象',
            align: 'right',
            render: (_, s) => <span className="sgz-num">{s.distinctRecipients} 人</span>,
          },
          { title: '结案个案', align: 'right', render: (_, s) => <VolumeCell v={s} field="casesClosed" /> },
          {
            title: '志愿服务',
            align: 'right',
            render: (_, s) => (
              <span className="sgz-num">
                {s.volunteers} 人 · {s.volunteerHours} 小时
              </span>
            ),
          },
        ]}
      />
    </>
  );
}

function ContractsTable({ rows }: { rows: readonly ContractPerformance[] }) {
  return (
    <ScrollTable<ContractPerformance>
      label="各合同绩效"
      minWidth={860}
      rowKey="contractId"
      size="small"
      dataSource={[...rows]}
      pagination={false}
      columns={[
        { title: '合同编号', dataIndex: 'number' },
        { title: '合同金额', align: 'right', render: (_, c) => <Money fen={c.amountFen} /> },
        { title: '本年拨付', align: 'right', render: (_, c) => <Money fen={c.disbursedFen} /> },
        { title: '本年支出', align: 'right', render: (_, c) => <Money fen={c.spentFen} /> },
        { title: '资金执行率', align: 'right', render: (_, c) => <Percent bp={c.fundExecutionBp} /> },
        { title: '任务完成率', align: 'right', render: (_, c) => <Percent bp={c.taskCompletionBp} /> },
        {
          title: '最新评估',
          render: (_, c) =>
            c.latestGrade ? (
              <StatusTag color={GRADE_COLOR[c.latestGrade]}>
                {GRADE_NAME[c.latestGrade] ?? c.latestGrade} {c.latestTotal}
              </StatusTag>
            ) : (
              '—'
            ),
        },
      ]}
    />
  );
}
