import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Spin, Typography } from 'antd';
import { formatPoints } from '../../components/format';
import { ProblemAlert } from '../../components/ProblemAlert';
import { api, data } from '../../services/client';
import { ApiProblem } from '../../services/problem';
import { CardTitle, type Evaluation, useEvaluationUpdated } from './common';

/**
 * A score as the API takes it (R17.1): 0–100 with at most two decimals, sent as the text typed ("13.17"), which the
 * API reads exactly into hundredths — the browser never turns it into a binary number.
 */
const SCORE_TEXT = /^\d{1,3}(\.\d{1,2})?$/;
const scoreRule = { pattern: SCORE_TEXT, message: '请填写不超过两位小数的分数' };

/** Field errors the API named (`body.indicators.finance.use` → the field `finance.use`), for the form to show. */
function fieldErrors(error: unknown, prefix: string) {
  if (!(error instanceof ApiProblem) || !error.errors) return [];
  return error.errors
    .filter((e) => e.path.startsWith(prefix))
    .map((e) => ({ name: e.path.slice(prefix.length) || 'score', errors: [e.message] }));
}

/**
 * Once the API has a total and grade, a changed score needs a reason (issue 18): it goes to the audit with the
 * totals and grades before and after, and to the other parties. The field shows only then.
 */
function ReasonField({ evaluation: e }: { evaluation: Evaluation }) {
  if (!e.result) return null;
  return (
    <Form.Item
      name="reason"
      label="修改理由"
      extra="已有综合得分和等级，修改分数须说明理由；理由与修改前后的总分、等级记入审计，并通知各方。"
      rules={[{ required: true, whitespace: true, message: '请填写修改分数的理由' }]}
      style={{ maxWidth: 640 }}
    >
      <Input.TextArea rows={2} maxLength={1000} />
    </Form.Item>
  );
}

/** The reason field's error as the API named it (`body.reason`), for the form to show. */
const reasonErrors = (error: unknown) =>
  fieldErrors(error, 'body.reason').map((f) => ({ name: 'reason' as const, errors: f.errors }));

/**
 * R16.2: the commissioned third party scores every indicator of the evaluation's template, each up to its maximum
 * (PUT /evaluations/{id}/scores); the API sums them into its score and, once the district and the street office
 * have scored, computes the total and grade shown above.
 */
export function IndicatorScores({ evaluation: e }: { evaluation: Evaluation }) {
  const [form] = Form.useForm<Record<string, string>>();
  const updated = useEvaluationUpdated();
  const templates = useQuery({
    queryKey: ['GET /evaluation-templates'],
    queryFn: () => data(api.GET('/evaluation-templates')),
  });
  const template = templates.data?.versions.find((t) => t.id === e.templateId);
  const save = useMutation({
    mutationFn: ({ reason, ...indicators }: Record<string, string>) =>
      data(
        api.PUT('/evaluations/{id}/scores', {
          params: { path: { id: e.id } },
          body: { version: e.version, indicators, ...(reason ? { reason } : {}) },
        }),
      ),
    onSuccess: async (after) => {
      form.resetFields(['reason']);
      await updated(after);
    },
    onError: (error) => form.setFields([...fieldErrors(error, 'body.indicators.'), ...reasonErrors(error)]),
  });
  const given = e.scores.thirdParty?.indicators ?? {};
  return (
    <Card title={<CardTitle>第三方评估机构评分（按指标逐项）</CardTitle>}>
      <ProblemAlert error={templates.error} />
      {templates.isLoading && <Spin />}
      {template && (
        <Form
          form={form}
          layout="vertical"
          aria-label="按指标评分"
          initialValues={Object.fromEntries(Object.entries(given).map(([k, h]) => [k, formatPoints(h)]))}
          onFinish={(values) => save.mutate(values)}
          onValuesChange={() => save.reset()}
        >
          <Typography.Paragraph type="secondary">
            {`依据《${template.name}》（第 ${template.version} 版）。`}
            每项得分不超过该项满分，最多两位小数；各项之和为第三方评分。
          </Typography.Paragraph>
          {template.parts.map((part) => (
            <fieldset key={part.key} style={{ border: 0, padding: 0, margin: '0 0 16px' }}>
              <legend style={{ fontSize: 15, fontWeight: 600, marginBottom: 8 }}>{part.name}</legend>
              {part.indicators.map((ind) => (
                <Form.Item
                  key={ind.key}
                  name={`${part.key}.${ind.key}`}
                  label={`${ind.name}（满分 ${formatPoints(ind.maxHundredths)} 分）`}
                  extra={ind.guidance}
                  rules={[{ required: true, message: `请填写「${ind.name}」的得分` }, scoreRule]}
                  style={{ maxWidth: 640 }}
                >
                  <Input inputMode="decimal" suffix="分" autoComplete="off" style={{ maxWidth: 200 }} />
                </Form.Item>
              ))}
            </fieldset>
          ))}
          <ReasonField evaluation={e} />
          <ProblemAlert error={save.error} />
          {save.isSuccess && (
            <Alert type="success" showIcon title="评分已保存" style={{ marginBottom: 16 }} />
          )}
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            保存评分
          </Button>
        </Form>
      )}
    </Card>
  );
}

/** R17.1: the district's or the street office's score out of 100 (PUT /evaluations/{id}/scores). */
export function PartyScore({
  evaluation: e,
  party,
}: {
  evaluation: Evaluation;
  party: 'district' | 'street';
}) {
  const [form] = Form.useForm<{ score: string; reason?: string }>();
  const updated = useEvaluationUpdated();
  const save = useMutation({
    mutationFn: (v: { score: string; reason?: string }) =>
      data(
        api.PUT('/evaluations/{id}/scores', {
          params: { path: { id: e.id } },
          body: { version: e.version, score: v.score, ...(v.reason ? { reason: v.reason } : {}) },
        }),
      ),
    onSuccess: async (after) => {
      form.resetFields(['reason']);
      await updated(after);
    },
    onError: (error) =>
      form.setFields([
        ...fieldErrors(error, 'body.score').map((f) => ({ name: 'score' as const, errors: f.errors })),
        ...reasonErrors(error),
      ]),
  });
  const given = party === 'district' ? e.scores.district : e.scores.street;
  const who = party === 'district' ? '区县民政部门' : '街道（镇）';
  return (
    <Card title={<CardTitle>{who}评分</CardTitle>}>
      <Form
        form={form}
        layout="vertical"
        aria-label={`${who}评分`}
        initialValues={given === undefined ? {} : { score: formatPoints(given) }}
        onFinish={(v) => save.mutate(v)}
        onValuesChange={() => save.reset()}
      >
        <Form.Item
          name="score"
          label="百分制得分"
          extra="0–100 分，最多两位小数"
          rules={[{ required: true, message: '请填写得分' }, scoreRule]}
        >
          <Input inputMode="decimal" suffix="分" autoComplete="off" style={{ maxWidth: 200 }} />
        </Form.Item>
        <ReasonField evaluation={e} />
        <ProblemAlert error={save.error} />
        {save.isSuccess && <Alert type="success" showIcon title="评分已保存" style={{ marginBottom: 16 }} />}
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          保存评分
        </Button>
      </Form>
    </Card>
  );
}
