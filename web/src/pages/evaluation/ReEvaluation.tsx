import { Alert, Card, Descriptions } from 'antd';
import { ChineseDate } from '../../components/ChineseDate';
import { GRADE_COLOR, GRADE_NAME } from '../../components/labels';
import { Points } from '../../components/Points';
import { StatusTag } from '../../components/StatusTag';
import { CardTitle, type Evaluation } from './common';

/** Statuses in which the API refuses score changes (409 EVALUATION_SCORES_LOCKED). */
export const LOCKED: readonly string[] = ['confirmed', 'in_publicity', 'final'];

/**
 * R18.1: from the district's confirmation the scores are locked (the API answers 409 EVALUATION_SCORES_LOCKED); a
 * scorer sees why instead of a form.
 */
export function ScoresLocked({ evaluation: e }: { evaluation: Evaluation }) {
  return (
    <Card title={<CardTitle>分数已锁定</CardTitle>}>
      <Alert
        type="warning"
        showIcon
        title={e.status === 'final' ? '评估结果已生效，分数不能再修改' : '评估报告已确认，分数不能直接修改'}
        description={
          e.status === 'final'
            ? '公示期满、结果生效后分数不能再修改；如需再次评估，请另行委托评估。'
            : '如需更改分数，须由区县民政部门发起重新评估（说明理由，公示随之撤回），再修改分数并重新确认、公示。'
        }
      />
    </Card>
  );
}

/** Results set aside by re-evaluations, oldest first, as the API keeps them in the evaluation's history. */
export function ResultHistory({ evaluation: e }: { evaluation: Evaluation }) {
  if (!e.history?.length) return null;
  return (
    <Card title={<CardTitle>历次评估结果（重新评估前）</CardTitle>}>
      {e.history.map((h, i) => (
        <Descriptions
          key={h.reopenedAt}
          column={{ xs: 1, md: 2 }}
          size="small"
          aria-label={`第 ${i + 1} 次重新评估前的结果`}
          style={{ marginBottom: 12 }}
        >
          <Descriptions.Item label="综合得分">
            {h.result ? (
              <>
                <span className="sgz-num">{h.result.total}</span> 分{' '}
                <StatusTag color={GRADE_COLOR[h.result.grade]}>{GRADE_NAME[h.result.grade]}</StatusTag>
              </>
            ) : (
              '—'
            )}
          </Descriptions.Item>
          <Descriptions.Item label="三方得分">
            第三方 <Points hundredths={h.scores.thirdParty?.total} /> / 区县{' '}
            <Points hundredths={h.scores.district} /> / 街道 <Points hundredths={h.scores.street} />
          </Descriptions.Item>
          <Descriptions.Item label="重新评估时间">
            <ChineseDate value={h.reopenedAt} withTime />
          </Descriptions.Item>
          <Descriptions.Item label="发起人">{h.reopenedBy}</Descriptions.Item>
          <Descriptions.Item label="理由" span={2}>
            {h.reason}
          </Descriptions.Item>
        </Descriptions>
      ))}
    </Card>
  );
}
