import { useQuery } from '@tanstack/react-query';
import { Button, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { ChineseDate } from '../../components/ChineseDate';
import { EVALUATION_STATUS, GRADE_COLOR, GRADE_NAME } from '../../components/labels';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ScrollTable } from '../../components/ScrollTable';
import { StatusTag } from '../../components/StatusTag';
import { usePlaceName } from '../../components/usePlaceName';
import { allowed } from '../../services/access';
import type { components } from '../../services/api';
import { api, data } from '../../services/client';
import { CommissionEvaluation } from './CommissionEvaluation';

type Evaluation = components['schemas']['Evaluation'];

export const STATUS_COLOR: Record<string, string> = {
  commissioned: 'default',
  scoring: 'processing',
  scored: 'cyan',
  confirmed: 'purple',
  in_publicity: 'orange',
  final: 'success',
};

/** The evaluations the API lets the role read (R16.1): its district's, its street's, or those it is commissioned for. */
export function useEvaluations() {
  return useQuery({
    queryKey: ['GET /evaluations', {}],
    queryFn: async () => (await data(api.GET('/evaluations'))).items,
  });
}

/**
 * 评估: each evaluation with its window, status and — once the three scores are in — the total and grade as the API
 * computed them. On the 工作台 (`compact`) only those not yet final, the work still to do.
 */
export function Evaluations({ compact = false }: { compact?: boolean }) {
  const list = useEvaluations();
  const streetName = usePlaceName();
  const [commissioning, setCommissioning] = useState(false);
  const rows = (list.data ?? []).filter((e) => !compact || e.status !== 'final');
  const title = compact ? '进行中的评估' : '评估';
  return (
    <section aria-labelledby="evaluations-title">
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title
          level={compact ? 3 : 2}
          id="evaluations-title"
          style={{ fontSize: compact ? 16 : 20 }}
        >
          {title}
        </Typography.Title>
        {!compact && allowed('POST /contracts/{id}/evaluations') && (
          <Button type="primary" onClick={() => setCommissioning(true)}>
            委托第三方评估
          </Button>
        )}
      </Space>
      <ProblemAlert error={list.error} />
      <ScrollTable<Evaluation>
        label={`${title}列表`}
        minWidth={880}
        rowKey="id"
        size={compact ? 'small' : 'middle'}
        loading={list.isLoading}
        dataSource={rows}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        locale={{ emptyText: compact ? '没有进行中的评估' : '暂无评估' }}
        columns={[
          {
            title: '社工站所在街道',
            render: (_, e) => <Link to={`/console/evaluations/${e.id}`}>{streetName(e.streetCode)}</Link>,
          },
          {
            title: '服务年度',
            width: 250,
            render: (_, e) => (
              <>
                第 {e.serviceYear.n} 年度（
                <ChineseDate value={e.serviceYear.start} /> 至 <ChineseDate value={e.serviceYear.end} />）
              </>
            ),
          },
          { title: '评估机构', width: 150, render: (_, e) => e.evaluator.name },
          {
            title: '评估窗口',
            width: 240,
            render: (_, e) => (
              <>
                <ChineseDate value={e.window.opensOn} /> 至 <ChineseDate value={e.window.closesOn} />
              </>
            ),
          },
          {
            title: '状态',
            dataIndex: 'status',
            width: 140,
            render: (s: string) => <StatusTag color={STATUS_COLOR[s]}>{EVALUATION_STATUS[s] ?? s}</StatusTag>,
          },
          {
            title: '综合得分',
            width: 150,
            render: (_, e) =>
              e.result ? (
                <>
                  <span className="sgz-num">{e.result.total}</span>{' '}
                  <StatusTag color={GRADE_COLOR[e.result.grade]}>{GRADE_NAME[e.result.grade]}</StatusTag>
                </>
              ) : (
                '—'
              ),
          },
        ]}
      />
      {commissioning && <CommissionEvaluation onClose={() => setCommissioning(false)} />}
    </section>
  );
}
