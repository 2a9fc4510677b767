import * as z from 'zod';
import { EVALUATION_STATUSES } from '#shared/domain/evaluation/evaluation';
import { GRADES, parseScore } from '#shared/domain/evaluation/scoring';
import { DistrictCode, IsoDateString, Ulid, Version } from './common.schema';
import { ServiceVolumeFigures } from './services.schema';

const Text = (max: number) => z.string().trim().min(1).max(max);
const Key = /* @__PURE__ */ z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, '标识应为小写字母开头的字母、数字或下划线');

/** A score or maximum as typed: 0–100 with at most two decimals (85.67 or "85.67"), kept in hundredths. */
export const ScoreValue = /* @__PURE__ */ z
  .union([z.number(), z.string()])
  .transform((value, ctx) => {
    try {
      return parseScore(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: '分数应为 0–100 之间、最多两位小数的数' });
      return z.NEVER;
    }
  })
  .meta({ description: '0–100，最多两位小数（以 0.01 分为单位精确保存）', example: 85.67 });

export const CreateTemplateBody = /* @__PURE__ */ z
  .strictObject({
    name: Text(200),
    basis: Text(500),
    parts: z
      .array(
        z.strictObject({
          key: Key,
          name: Text(40),
          indicators: z
            .array(
              z.strictObject({
                key: Key,
                name: Text(80),
                maxPoints: ScoreValue,
                guidance: Text(1000),
              }),
            )
            .min(1)
            .max(50),
        }),
      )
      .min(1)
      .max(20),
  })
  .meta({ id: 'CreateEvaluationTemplate', description: 'R16.2 评估指标模板新版本：各指标分值合计 100 分' });

const TemplateView = /* @__PURE__ */ z
  .object({
    id: z.string(),
    version: z.number().int(),
    name: z.string(),
    basis: z.string(),
    parts: z.array(
      z.object({
        key: z.string(),
        name: z.string(),
        indicators: z.array(
          z.object({
            key: z.string(),
            name: z.string(),
            maxHundredths: z.number().int(),
            guidance: z.string(),
          }),
        ),
      }),
    ),
    createdAt: z.string(),
    createdBy: z.string(),
  })
  .meta({ id: 'EvaluationTemplate' });
export const EvaluationTemplateView = /* @__PURE__ */ TemplateView;
export const TemplatesView = /* @__PURE__ */ z
  .object({ current: TemplateView.optional(), versions: z.array(TemplateView) })
  .meta({ id: 'EvaluationTemplates' });

export const ContractIdParams = /* @__PURE__ */ z.strictObject({ id: Ulid });
export const EvaluationParams = /* @__PURE__ */ z.strictObject({ id: Ulid });

export const CommissionBody = /* @__PURE__ */ z
  .strictObject({
    serviceYear: z.number().int().min(1).max(3),
    evaluator: z.strictObject({
      orgId: z.string().regex(/^[a-z0-9-]{3,64}$/, '机构标识应为 3–64 位小写字母、数字或连字符'),
      name: Text(200),
    }),
    planned: z.strictObject({ start: IsoDateString, end: IsoDateString }),
    outsideWindowReason: Text(1000).optional().meta({ description: '计划日期在评估窗口之外时必填' }),
  })
  .meta({ id: 'CommissionEvaluation', description: 'R16.1 委托第三方评估一个服务年度' });

export const ScoresBody = /* @__PURE__ */ z
  .strictObject({
    version: Version,
    indicators: z
      .record(z.string().regex(/^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/), ScoreValue)
      .optional()
      .meta({ description: '第三方：按指标（part.indicator）逐项得分' }),
    score: ScoreValue.optional().meta({ description: '区县民政部门或街道办事处：百分制得分' }),
    reason: Text(1000).optional().meta({
      description:
        '修改理由：已有总分和等级后修改分数时必填（否则 422 SCORE_CHANGE_REASON_REQUIRED），连同修改前后的总分、等级记入审计并通知各方',
    }),
  })
  .meta({
    id: 'EvaluationScores',
    description:
      'R17.1 三方评分：调用者的角色决定填写哪一部分；区县确认评估报告后分数锁定（409 EVALUATION_SCORES_LOCKED），须先重新评估',
  });

export const ReEvaluationBody = /* @__PURE__ */ z
  .strictObject({
    version: Version,
    reason: z.string().trim().max(1000).optional().meta({
      description:
        '必填：重新评估的理由（记入审计，通知各方；撤回公示时作为未决质疑的处理意见报市民政局）；缺少或为空时 422 REEVALUATION_REASON_REQUIRED',
    }),
  })
  .meta({
    id: 'ReEvaluation',
    description:
      'R18.1 重新评估：已确认或公示中的评估退回评分，原结果存入 history；公示中的撤回公示，未决质疑随之终结，重新确认后另行公示',
  });

export const VersionBody = /* @__PURE__ */ z.strictObject({ version: Version }).meta({ id: 'VersionOnly' });

export const ListEvaluationsQuery = /* @__PURE__ */ z.strictObject({ district: DistrictCode.optional() });

const Scores = /* @__PURE__ */ z.object({
  thirdParty: z
    .object({ indicators: z.record(z.string(), z.number().int()), total: z.number().int() })
    .optional(),
  district: z.number().int().optional(),
  street: z.number().int().optional(),
});

const Result = /* @__PURE__ */ z.object({
  totalTenThousandths: z.number().int(),
  total: z.string(),
  grade: z.enum(GRADES),
  weights: z.object({ thirdParty: z.number(), district: z.number(), street: z.number() }),
});

export const EvaluationView = /* @__PURE__ */ z
  .object({
    id: z.string(),
    contractId: z.string(),
    stationId: z.string(),
    districtCode: z.string(),
    streetCode: z.string(),
    operatorOrg: z.string(),
    serviceYear: z.object({ n: z.number().int(), start: z.string(), end: z.string() }),
    window: z.object({ opensOn: z.string(), closesOn: z.string() }),
    evaluator: z.object({ orgId: z.string(), name: z.string() }),
    planned: z.object({ start: z.string(), end: z.string() }),
    outsideWindowReason: z.string().optional(),
    templateId: z.string(),
    policyId: z.string(),
    reportSlotId: z.string(),
    scores: Scores.meta({ description: '各方得分（以 0.01 分为单位的整数）' }),
    result: Result.optional().meta({
      description: '总分 = 第三方×60% + 区县×30% + 街道×10%，精确到万分之一分',
    }),
    status: z.enum(EVALUATION_STATUSES),
    confirmedAt: z.string().optional(),
    publicityId: z.string().optional(),
    finalOn: z.string().optional(),
    rounds: z.number().int(),
    history: z
      .array(
        z.object({
          scores: Scores,
          result: Result.optional(),
          confirmedAt: z.string().optional(),
          publicityId: z.string().optional(),
          reopenedAt: z.string(),
          reopenedBy: z.string().meta({ description: '发起人的用户名' }),
          reopenedByOffice: z
            .string()
            .optional()
            .meta({ description: '发起单位（如“历下区民政局”），按发起时的角色与管辖范围记录' }),
          reason: z.string().meta({ description: '退回理由：重新评估的理由，或“异议成立”' }),
          objectionId: z.string().optional().meta({ description: '因质疑成立而退回时，该质疑的编号' }),
        }),
      )
      .optional()
      .meta({
        description: '重新评估或质疑成立前已确认的结果（及随之撤回的公示），按时间先后',
      }),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Evaluation' });
export const EvaluationList = /* @__PURE__ */ z
  .object({ items: z.array(EvaluationView) })
  .meta({ id: 'EvaluationList' });

export const PublicityView = /* @__PURE__ */ z
  .object({
    id: z.string(),
    evaluationId: z.string(),
    districtCode: z.string(),
    streetCode: z.string(),
    stationName: z.string(),
    operatorName: z.string(),
    serviceYear: z.object({ start: z.string(), end: z.string() }),
    evaluatorName: z.string(),
    scores: z.object({ thirdParty: z.string(), district: z.string(), street: z.string() }),
    total: z.string(),
    grade: z.enum(GRADES),
    gradeName: z.string(),
    publishedOn: z.string(),
    period: z.object({
      startsOn: z.string(),
      minEndOn: z.string(),
      closableOn: z.string(),
      provisional: z.boolean().meta({
        description:
          '公示期跨入尚未公布节假日安排的年份（B5）；该年度安排录入后由到期任务重新计算公示期并取消此标记',
      }),
    }),
    minWorkingDays: z
      .number()
      .int()
      .optional()
      .meta({ description: '公布时有效的政策参数规定的最少工作日数（重新计算公示期的依据）' }),
    calendarYears: z
      .array(z.number().int())
      .optional()
      .meta({ description: '公示期所依赖的日历年度；其节假日安排录入或更正后重新计算' }),
    status: z.enum(['open', 'closed', 'withdrawn']),
    openObjections: z.number().int(),
    closedOn: z.string().optional(),
    version: z.number().int(),
  })
  .meta({
    id: 'PublicityNotice',
    description:
      'R18.1 公示：自公布次日起算，至少 5 个完整工作日（节假日与调休按工作日历），minEndOn 为最后一个工作日，closableOn 起可结束',
  });
export const PublicityList = /* @__PURE__ */ z
  .object({ items: z.array(PublicityView) })
  .meta({ id: 'PublicityList' });
export const PublicityQuery = /* @__PURE__ */ z.strictObject({
  status: z.enum(['open', 'closed', 'withdrawn']).optional(),
});
export const PublicityParams = /* @__PURE__ */ z.strictObject({ id: Ulid });

export const ObjectionBody = /* @__PURE__ */ z
  .strictObject({
    content: Text(2000).meta({ description: '质疑或投诉的内容' }),
    contact: Text(200).optional().meta({ description: '联系方式（可不填；仅区县民政部门可见）' }),
  })
  .meta({ id: 'LodgeObjection' });
export const ObjectionReceipt = /* @__PURE__ */ z
  .object({ id: z.string(), lodgedAt: z.string(), status: z.literal('open') })
  .meta({ id: 'ObjectionReceipt' });

export const ObjectionParams = /* @__PURE__ */ z.strictObject({ id: Ulid });
export const ObjectionDecisionBody = /* @__PURE__ */ z
  .strictObject({
    version: Version,
    outcome: z.enum(['upheld', 'rejected']),
    opinion: Text(2000).meta({ description: '处理意见（报市民政局）' }),
  })
  .meta({ id: 'ObjectionDecision' });
export const ObjectionContactView = /* @__PURE__ */ z
  .object({ id: z.string(), contact: z.string() })
  .meta({ id: 'ObjectionContact' });
export const ListObjectionsQuery = /* @__PURE__ */ z.strictObject({ district: DistrictCode.optional() });
export const ObjectionView = /* @__PURE__ */ z
  .object({
    id: z.string(),
    publicityId: z.string(),
    evaluationId: z.string(),
    districtCode: z.string(),
    content: z.string(),
    contactGiven: z.boolean().meta({
      description:
        '是否留有联系方式（加密保存；处理该质疑的区县民政部门经 POST /objections/{id}/contact 查看，记入审计）',
    }),
    lodgedAt: z.string(),
    status: z.enum(['open', 'upheld', 'rejected', 'superseded']).meta({
      description: 'superseded：公示因重新评估撤回时尚未处理，处理意见即重新评估的理由（报市民政局）',
    }),
    decision: z.object({ opinion: z.string(), by: z.string(), at: z.string() }).optional(),
    version: z.number().int(),
  })
  .meta({ id: 'Objection' });
export const ObjectionList = /* @__PURE__ */ z
  .object({ items: z.array(ObjectionView) })
  .meta({ id: 'ObjectionList' });

/** Issue 19 item 3: an evaluation's service-delivery evidence, from the records (figures shown, never scored). */
export const ServiceEvidenceView = /* @__PURE__ */ z
  .object({
    evaluationId: z.string(),
    contractId: z.string(),
    stationId: z.string(),
    asOf: z.string().meta({ description: '统计时间' }),
    period: z
      .object({ from: z.string(), to: z.string() })
      .meta({ description: '统计期间：被评估的服务年度（年度未结束时至今日）' }),
    volume: ServiceVolumeFigures.meta({ description: '期间内本合同的服务量（由服务记录统计）' }),
    byMonth: z.array(ServiceVolumeFigures.extend({ month: z.string() })).meta({ description: '按月服务量' }),
    indicators: z
      .array(
        z.object({
          key: z.string(),
          name: z.string(),
          maxPoints: z.string().meta({ description: '指标分值' }),
          guidance: z.string(),
          evidence: z.string().meta({ description: '与该指标相关的服务记录统计项' }),
        }),
      )
      .meta({ description: '评估指标模板中与服务执行相关的指标；证据仅供评估方查看，系统不据此计算得分' }),
  })
  .meta({ id: 'ServiceEvidence', description: '评估的服务成效证据：由服务记录统计的服务量（只读）' });
