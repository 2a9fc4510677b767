import * as z from 'zod';
import { NON_WORKING_DUE_DATE_RULES } from '#shared/domain/calendar/due-date-rules';
import { COMPLAINT_STATUSES, TRACKING_CODE } from '#shared/domain/complaints/complaint';
import { DistrictCode, Ulid, Version } from './common.schema';

const Text = (max: number) => z.string().trim().min(1).max(max);

export const FileComplaintBody = /* @__PURE__ */ z
  .strictObject({
    stationId: Ulid,
    content: Text(2000).meta({ description: '投诉内容（不超过 2000 字）' }),
    name: Text(50).optional().meta({ description: '姓名（可不填，匿名投诉）' }),
    contact: Text(100).optional().meta({ description: '联系方式（可不填；仅受理的区县民政部门可见）' }),
    attachment: z
      .strictObject({
        contentType: z.enum(['application/pdf', 'image/jpeg', 'image/png']),
        bytes: z
          .number()
          .int()
          .min(1)
          .max(5 * 1024 * 1024),
      })
      .optional()
      .meta({ description: '附件（可选，5 MB 以内）：返回预签名上传地址' }),
  })
  .meta({ id: 'FileComplaint', description: 'R15.1 投诉：任何人可投诉，可匿名' });
export const ComplaintReceipt = /* @__PURE__ */ z
  .object({
    trackingCode: z.string(),
    receivedOn: z.string(),
    acknowledgeBy: z.string(),
    resolveBy: z.string(),
    provisional: z.boolean().meta({
      description: '期限跨入尚未公布节假日安排的年份，为暂定日期；安排公布后重新计算（issue 18）',
    }),
    attachmentUpload: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ id: 'ComplaintReceipt', description: '查询码只显示这一次，请妥善保存' });
export const TrackingParams = /* @__PURE__ */ z.strictObject({
  code: z.string().regex(TRACKING_CODE, '查询码格式不正确'),
});
export const ComplaintStatusView = /* @__PURE__ */ z
  .object({
    status: z.enum(['received', 'acknowledged', 'closed']),
    receivedOn: z.string(),
    acknowledgeBy: z.string(),
    resolveBy: z.string(),
    provisional: z.boolean().meta({
      description: '期限跨入尚未公布节假日安排的年份，为暂定日期；安排公布后重新计算（issue 18）',
    }),
    acknowledgedAt: z.string().optional(),
    reply: z.string().optional(),
    closedAt: z.string().optional(),
  })
  .meta({ id: 'ComplaintStatus' });
export const ComplaintParams = /* @__PURE__ */ z.strictObject({ id: Ulid });
export const ListComplaintsQuery = /* @__PURE__ */ z.strictObject({ district: DistrictCode.optional() });
export const ComplaintView = /* @__PURE__ */ z.record(z.string(), z.unknown()).meta({ id: 'Complaint' });
/** A complaint as the lists show it: the filer masked (only whether details were given), never the tracking code. */
export const ComplaintSummaryView = /* @__PURE__ */ z
  .object({
    id: Ulid,
    stationId: Ulid,
    stationName: z.string(),
    districtCode: DistrictCode,
    streetCode: z.string(),
    operatorOrg: z.string().optional().meta({ description: '投诉时运营该站的承接方' }),
    content: z.string(),
    filer: z
      .object({ given: z.literal(true) })
      .optional()
      .meta({ description: '投诉人留有姓名或联系方式（内容已遮蔽）' }),
    attachmentKey: z.string().optional(),
    receivedAt: z.string(),
    receivedOn: z.string(),
    acknowledgeBy: z.string().meta({ description: '受理期限（工作日）' }),
    resolveBy: z.string().meta({ description: '办结期限（工作日）' }),
    provisional: z.boolean().meta({
      description:
        '期限跨入尚未公布节假日安排的年份（B5）；该年度安排录入后由到期任务重新计算期限并取消此标记',
    }),
    deadlineBasis: z
      .object({
        acknowledgeWorkingDays: z.number().int(),
        resolveWorkingDays: z.number().int(),
        rule: z.enum(NON_WORKING_DUE_DATE_RULES),
      })
      .optional()
      .meta({ description: '期限的计算依据：收到之日起的工作日数及期限日遇非工作日的处理规则（政策参数）' }),
    calendarYears: z
      .array(z.number().int())
      .optional()
      .meta({ description: '期限所依赖的日历年度；其节假日安排录入或更正后重新计算' }),
    status: z.enum(COMPLAINT_STATUSES),
    acknowledgedAt: z.string().optional(),
    statements: z.array(
      z.object({
        id: Ulid,
        from: z.enum(['operator', 'street_office']),
        question: z.string(),
        requestedAt: z.string(),
        answer: z.string().optional(),
        answeredAt: z.string().optional(),
        answeredBy: z.string().optional(),
      }),
    ),
    reply: z.string().optional(),
    upheld: z.boolean().optional(),
    closedAt: z.string().optional(),
    steps: z.array(
      z.object({
        id: z.enum(['acknowledge-overdue', 'resolve-reminder', 'resolve-overdue']),
        on: z.string(),
        done: z.enum(['acted', 'skipped']).optional(),
      }),
    ),
    overdue: z.boolean().meta({
      description: '逾期：未办结，且已过受理期限仍未受理或已过办结期限（按当日上海日期计算）',
    }),
    nextActionOn: z.string().optional().meta({
      description: '到期任务下一次处理（提醒、逾期督办）的日期，不早于当日；已办结或无后续处理时不出现',
    }),
    version: z.number().int(),
  })
  .meta({ id: 'ComplaintSummary' });
export const ComplaintList = /* @__PURE__ */ z
  .object({ items: z.array(ComplaintSummaryView) })
  .meta({ id: 'ComplaintList' });
export const AcknowledgeBody = /* @__PURE__ */ z
  .strictObject({ version: Version })
  .meta({ id: 'AcknowledgeComplaint' });
export const StatementRequestBody = /* @__PURE__ */ z
  .strictObject({ version: Version, from: z.enum(['operator', 'street_office']), question: Text(1000) })
  .meta({ id: 'StatementRequest' });
export const StatementBody = /* @__PURE__ */ z
  .strictObject({ requestId: Ulid, answer: Text(2000) })
  .meta({ id: 'Statement' });
export const CloseComplaintBody = /* @__PURE__ */ z
  .strictObject({ version: Version, reply: Text(2000), upheld: z.boolean() })
  .meta({ id: 'CloseComplaint' });
