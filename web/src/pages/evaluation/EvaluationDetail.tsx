import { useQuery } from '@tanstack/react-query';
import { Alert, Breadcrumb, Card, Descriptions, Space, Spin, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import { ChineseDate } from '../../components/ChineseDate';
import { EVALUATION_STATUS, GRADE_COLOR, GRADE_NAME } from '../../components/labels';
import { Points } from '../../components/Points';
import { ProblemAlert } from '../../components/ProblemAlert';
import { StatusTag } from '../../components/StatusTag';
import { usePlaceName } from '../../components/usePlaceName';
import { roleOf } from '../../services/access';
import { api, data } from '../../services/client';
import { CardTitle, type Evaluation, evaluationKey, SCOREABLE } from './common';
import { EvaluationReport } from './EvaluationReport';
import { STATUS_COLOR } from './Evaluations';
import { Publicity } from './Publicity';
import { LOCKED, ReEvaluate, ResultHistory, ScoresLocked } from './ReEvaluation';
import { IndicatorScores, PartyScore } from './ScoreForms';

/**
 * One evaluation (R16.1–R18.1): its window and parties, the three scores and the result as the API computed them;
 * then what the signed-in role does with it — the third party scores each indicator and uploads its report, the
 * district and the street office give their scores, the district confirms and publishes. From the confirmation
 * the scores are locked; the district may re-evaluate, and earlier results stay listed.
 */
export function EvaluationDetail() {
  const { id = '' } = useParams();
  const streetName = usePlaceName();
  const evaluation = useQuery({
    queryKey: evaluationKey(id),
    queryFn: () => data(api.GET('/evaluations/{id}', { params: { path: { id } } })),
  });
  const e = evaluation.data;
  const role = roleOf();
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Breadcrumb items={[{ title: <Link to="/console/evaluations">评估</Link> }, { title: '评估详情' }]} />
      <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }}>
        {e ? `${streetName(e.streetCode)}社工站 第 ${e.serviceYear.n} 服务年度评估` : '评估详情'}
      </Typography.Title>
      <ProblemAlert error={evaluation.error} />
      {evaluation.isLoading && <Spin />}
      {e && (
        <>
          <Card title={<CardTitle>评估概况</CardTitle>}>
            <Descriptions column={{ xs: 1, md: 2 }} size="small">
              <Descriptions.Item label="状态">
                <StatusTag color={STATUS_COLOR[e.status]}>
                  {EVALUATION_STATUS[e.status] ?? e.status}
                </StatusTag>
              </Descriptions.Item>
              <Descriptions.Item label="评估机构">{e.evaluator.name}</Descriptions.Item>
              <Descriptions.Item label="服务年度">
                <ChineseDate value={e.serviceYear.start} /> 至 <ChineseDate value={e.serviceYear.end} />
              </Descriptions.Item>
              <Descriptions.Item label="评估窗口">
                <ChineseDate value={e.window.opensOn} /> 至 <ChineseDate value={e.window.closesOn} />
              </Descriptions.Item>
              <Descriptions.Item label="计划评估日期">
                <ChineseDate value={e.planned.start} /> 至 <ChineseDate value={e.planned.end} />
              </Descriptions.Item>
              {e.outsideWindowReason && (
                <Descriptions.Item label="窗口外安排理由">{e.outsideWindowReason}</Descriptions.Item>
              )}
              {e.confirmedAt && (
                <Descriptions.Item label="确认时间">
                  <ChineseDate value={e.confirmedAt} withTime />
                </Descriptions.Item>
              )}
              {e.finalOn && (
                <Descriptions.Item label="结果生效日期">
                  <ChineseDate value={e.finalOn} />
                </Descriptions.Item>
              )}
            </Descriptions>
          </Card>
          <ScoreSummary evaluation={e} />
          <ResultHistory evaluation={e} />
          {role === 'third_party' && SCOREABLE.includes(e.status) && <IndicatorScores evaluation={e} />}
          {(role === 'district_civil_affairs' || role === 'street_office') &&
            SCOREABLE.includes(e.status) && (
              <PartyScore evaluation={e} party={role === 'street_office' ? 'street' : 'district'} />
            )}
          {SCORERS.includes(role ?? '') && LOCKED.includes(e.status) && <ScoresLocked evaluation={e} />}
          <ReEvaluate evaluation={e} />
          <EvaluationReport evaluation={e} />
          <Publicity evaluation={e} />
        </>
      )}
    </Space>
  );
}

/** The roles that score an evaluation (R17.1): they see why the scores are locked after the confirmation. */
const SCORERS: readonly string[] = ['third_party', 'district_civil_affairs', 'street_office'];

/** A party's score in points, or that it has not scored yet. */
const Score = ({ hundredths }: { hundredths: number | undefined }) =>
  hundredths === undefined ? (
    <Typography.Text type="secondary">未评分</Typography.Text>
  ) : (
    <>
      <Points hundredths={hundredths} /> 分
    </>
  );

/** R17.1: the three parties' scores and the weighted total and grade, each exactly as the API gives them. */
function ScoreSummary({ evaluation: e }: { evaluation: Evaluation }) {
  const w = e.result?.weights;
  const weight = (n: number | undefined) => (n === undefined ? '' : `（权重 ${n}%）`);
  return (
    <Card title={<CardTitle>评分结果</CardTitle>}>
      <Descriptions column={{ xs: 1, md: 3 }} size="small" aria-label="三方评分">
        <Descriptions.Item label={`第三方评估机构${weight(w?.thirdParty)}`}>
          <Score hundredths={e.scores.thirdParty?.total} />
        </Descriptions.Item>
        <Descriptions.Item label={`区县民政部门${weight(w?.district)}`}>
          <Score hundredths={e.scores.district} />
        </Descriptions.Item>
        <Descriptions.Item label={`街道（镇）${weight(w?.street)}`}>
          <Score hundredths={e.scores.street} />
        </Descriptions.Item>
      </Descriptions>
      {e.result ? (
        <section aria-label="综合得分与等级" style={{ marginTop: 12 }}>
          <Typography.Text>综合得分：</Typography.Text>
          <strong className="sgz-num" style={{ fontSize: 20 }}>
            {e.result.total}
          </strong>{' '}
          分 <StatusTag color={GRADE_COLOR[e.result.grade]}>{GRADE_NAME[e.result.grade]}</StatusTag>
        </section>
      ) : (
        <Alert
          type="info"
          showIcon
          title="三方评分齐全后，由系统精确计算综合得分与等级"
          style={{ marginTop: 12 }}
        />
      )}
    </Card>
  );
}
