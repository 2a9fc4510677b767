import * as z from 'zod';
import { NON_WORKING_DUE_DATE_RULES } from '#shared/domain/calendar/due-date-rules';
import {
  DEFAULT_RECTIFICATION_WORKING_DAYS,
  MAX_RECTIFICATION_WORKING_DAYS,
  RECTIFICATION_SOURCE_TYPES,
  RECTIFICATION_STATUSES,
} from '#shared/domain/rectification/rectification';
import { Cursor, DistrictCode, Limit, ObjectKey, page, Ulid, Version } from './common.schema';

const Text = (max: number) => z.string().trim().min(1).max(max);

export const RaiseRectificationBody = /* @__PURE__ */ z
  .strictObject({
    source: z.strictObject({ type: z.enum(RECTIFICATION_SOURCE_TYPES), id: Ulid }).meta({
      description: '问题来源：督导检查、安全检查（须不合格）、最终评估结果、经核实属实并办结的投诉',
    }),
    stationId: Ulid.optional().meta({ description: '社工站：安全检查必填；督导检查可选' }),
    districtCode: DistrictCode.optional().meta({ description: '区县：未指定社工站的督导检查必填' }),
    finding: Text(2000).optional().meta({ description: '发现的问题（不填则取自来源记录）' }),
    requirement: Text(2000).meta({ description: '整改要求' }),
    owner: z
      .enum(['operator', 'street_office', 'district'])
      .optional()
      .meta({ description: '整改责任方（默认：社工站生效合同的承接方，没有则为街道）' }),
    workingDays: z
      .number()
      .int()
      .min(1)
      .max(MAX_RECTIFICATION_WORKING_DAYS)
      .optional()
      .meta({ description: `整改期限（工作日，默认 ${DEFAULT_RECTIFICATION_WORKING_DAYS}）` }),
  })
  .meta({ id: 'RaiseRectification', description: 'B4 根据检查、评估、投诉发现的问题提出整改' });

export const RectificationParams = /* @__PURE__ */ z.strictObject({ id: Ulid });

export const ListRectificationsQuery = /* @__PURE__ */ z.strictObject({
  district: DistrictCode.optional(),
  status: z.enum(RECTIFICATION_STATUSES).optional(),
  owned: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true')
    .meta({ description: '只列出本单位为整改责任方的事项' }),
  limit: Limit,
  cursor: Cursor.optional(),
});

export const RectificationEvidenceBody = /* @__PURE__ */ z
  .strictObject({
    version: Version,
    note: Text(2000).meta({ description: '整改情况说明' }),
    key: ObjectKey.optional().meta({ description: '整改材料（照片或文件）的对象键' }),
  })
  .meta({ id: 'RectificationEvidence' });

export const VerifyRectificationBody = /* @__PURE__ */ z
  .strictObject({
    version: Version,
    accepted: z.boolean().meta({ description: 'true 验收通过；false 退回继续整改' }),
    comment: Text(1000).meta({ description: '验收意见（退回时为退回理由）' }),
  })
  .meta({ id: 'RectificationVerification' });

const Party = /* @__PURE__ */ z.record(z.string(), z.string());
const By = /* @__PURE__ */ z.object({ sub: z.string(), username: z.string() });

export const RectificationView = /* @__PURE__ */ z
  .object({
    id: z.string(),
    source: z.object({ type: z.enum(RECTIFICATION_SOURCE_TYPES), id: z.string() }),
    districtCode: z.string(),
    streetCode: z.string().optional(),
    stationId: z.string().optional(),
    subjectName: z.string(),
    contractId: z.string().optional(),
    finding: z.string(),
    requirement: z.string(),
    owner: Party,
    raisedBy: Party,
    raisedOn: z.string(),
    workingDays: z.number().int(),
    deadline: z.string(),
    deadlineProvisional: z.boolean().meta({
      description: 'B5：期限所在年度的节假日安排尚未公布；该年度安排录入后由到期任务重新计算期限并取消此标记',
    }),
    deadlineRule: z
      .enum(NON_WORKING_DUE_DATE_RULES)
      .optional()
      .meta({ description: '期限日遇非工作日的处理规则（提出整改时有效的政策参数）' }),
    calendarYears: z
      .array(z.number().int())
      .optional()
      .meta({ description: '期限所依赖的日历年度；其节假日安排录入或更正后重新计算' }),
    status: z.enum(RECTIFICATION_STATUSES),
    overdue: z.boolean().meta({
      description: '逾期：整改事项待整改（未提交材料或材料被退回）且已过整改期限（按当日上海日期计算）',
    }),
    evidence: z.array(
      z.object({ note: z.string(), key: z.string().optional(), submittedAt: z.string(), submittedBy: By }),
    ),
    rejections: z.array(z.object({ reason: z.string(), rejectedAt: z.string(), rejectedBy: By })),
    verification: z.object({ comment: z.string(), verifiedAt: z.string(), verifiedBy: By }).optional(),
    steps: z.array(z.object({ id: z.string(), on: z.string(), done: z.string().optional() })),
    nextActionOn: z.string().optional().meta({
      description:
        '到期任务下一次处理（提醒、逾期通知）的日期，不早于当日；待验收、已验收或无后续处理时不出现',
    }),
    version: z.number().int(),
    createdAt: z.string(),
    createdBy: By,
    updatedAt: z.string(),
  })
  .meta({ id: 'Rectification' });

export const RectificationPage = /* @__PURE__ */ page(RectificationView).meta({ id: 'RectificationPage' });
