import * as z from 'zod';
import { CHANNELS, MAINLAND_MOBILE } from '#shared/domain/notify/delivery';
import { REPORT_KINDS, SLOT_ACTIONS, SLOT_STATUSES } from '#shared/domain/reports/report-slot';
import { UPLOAD_CONTENT_TYPES } from '#shared/domain/reports/submission';
import { CASE_OUTCOMES } from '#shared/domain/services/case';
import { SERVICE_KINDS } from '#shared/domain/services/service-record';
import { Cursor, DistrictCode, IsoDateString, Limit, page, StreetCode, Ulid, Version } from './common.schema';
import { ServiceVolumeView } from './services.schema';

const Text = (max: number) => z.string().trim().min(1).max(max);

/**
 * Slot ids are made by the system: `{contractId}-M202603`, `{contractId}-MID`, `{contractId}-FIN`,
 * `ANNUAL-370102-2026`, `EVAL-{evaluationId}`.
 */
export const SlotId = /* @__PURE__ */ z
  .string()
  .regex(
    /^(?:[0-9A-HJKMNP-TV-Z]{26}-(?:M\d{6}|MID|FIN)|ANNUAL-\d{6}-\d{4}|EVAL-[0-9A-HJKMNP-TV-Z]{26})$/,
    '报告期次编号格式不正确',
  )
  .meta({ example: '01JD0000000000000000000000-M202603' });

export const SlotParams = /* @__PURE__ */ z.strictObject({ id: SlotId });
export const SlotVersionParams = /* @__PURE__ */ z.strictObject({ id: SlotId, uploadId: Ulid });

export const ListReportsQuery = /* @__PURE__ */ z
  .strictObject({
    contractId: Ulid.optional(),
    district: DistrictCode.optional(),
    street: StreetCode.optional(),
    from: IsoDateString.optional().meta({
      description: '应交日期起（默认 to 所在年份的 1 月 1 日；均未给出时为本年）',
    }),
    to: IsoDateString.optional().meta({
      description: '应交日期止（默认 from 所在年份的 12 月 31 日；均未给出时为本年）',
    }),
    awaiting: z.enum(['review']).optional().meta({
      description: 'review：只列出待本方审阅的报告（已提交、本方为接收方且尚未审阅当前版本）（R9.3）',
    }),
    limit: Limit,
    cursor: Cursor.optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: '起始日期不得晚于截止日期', path: ['to'] });

export const UploadUrlBody = /* @__PURE__ */ z
  .strictObject({
    contentType: z.enum(UPLOAD_CONTENT_TYPES).meta({ description: 'PDF 或 Word（.docx）' }),
    bytes: z.number().int().min(1, '文件不能为空').max(104857600).meta({ description: '文件大小（字节）' }),
    fileName: Text(200).optional(),
  })
  .meta({ id: 'UploadUrlRequest' });

export const UploadUrlView = /* @__PURE__ */ z
  .object({
    uploadId: Ulid,
    key: z.string(),
    method: z.literal('PUT'),
    url: z.string(),
    headers: z.record(z.string(), z.string()),
    expiresAt: z.string(),
    maxBytes: z.number().int(),
  })
  .meta({ id: 'UploadUrl', description: '预签名上传地址：须以所给的 Content-Type 与 Content-Length 上传' });

export const ReviewBody = /* @__PURE__ */ z
  .strictObject({
    version: Version,
    uploadId: Ulid.meta({ description: '审阅的报告版本（当前版本）' }),
    decision: z.enum(['accept', 'return']),
    comment: Text(2000).optional().meta({ description: '意见（退回时必填）' }),
  })
  .meta({ id: 'ReportReview' });

const Party = /* @__PURE__ */ z.record(z.string(), z.string());

export const ReportSlotView = /* @__PURE__ */ z
  .object({
    id: z.string(),
    kind: z.enum(REPORT_KINDS),
    title: z.string(),
    period: z.object({ start: z.string(), end: z.string() }),
    districtCode: z.string(),
    streetCode: z.string().optional(),
    stationId: z.string().optional(),
    contractId: z.string().optional(),
    orgId: z.string().optional(),
    submitter: Party,
    recipients: z.array(Party),
    dueOn: z.string(),
    dueProvisional: z.boolean().meta({
      description:
        'B5：截止日期或某个提醒日期按尚未公布节假日安排的年份推算；该年度安排录入后重新计算并取消此标记（issue 18）',
    }),
    calendarYears: z.array(z.number().int()).optional().meta({
      description: '截止日期与提醒日期所依据的日历年度；录入或更正其中任一年度的节假日安排后重新计算',
    }),
    policyId: z.string(),
    policyWarning: z.string().optional().meta({ description: 'R30.1：无有效政策版本时按最近版本推算的提示' }),
    status: z.enum(SLOT_STATUSES),
    overdue: z.boolean().meta({
      description:
        '逾期：已过截止日期（按上海日期，截止日次日起）且尚无待审阅或已验收的版本（未提交或被退回待重交）；已提交、已验收、已取消的不算逾期。是否按时报送见 onTime',
    }),
    steps: z.array(
      z.object({
        id: z.string(),
        on: z.string(),
        kind: z.string(),
        done: z.string().optional(),
        provisional: z
          .literal(true)
          .optional()
          .meta({ description: '该日期按尚未公布节假日安排的年份推算，可能调整' }),
      }),
    ),
    nextActionOn: z.string().optional().meta({
      description:
        '系统下一次处理该报告（提醒、逾期通知或督办）的日期，不早于今天；已提交、已验收、已取消或不再有待处理步骤时无此项',
    }),
    currentUploadId: z.string().optional(),
    firstSubmittedOn: z.string().optional(),
    onTime: z.boolean().optional(),
    reviews: z
      .array(
        z.object({
          party: z.string().meta({ description: '审阅的接收方（角色:辖区）' }),
          decision: z.enum(['accept', 'return']),
          comment: z.string().optional().meta({ description: '意见（退回理由）' }),
          by: z.object({ sub: z.string(), username: z.string() }),
          at: z.string(),
        }),
      )
      .meta({ description: '接收方对当前版本的审阅（R9.3）' }),
    actions: z.array(z.enum(SLOT_ACTIONS)).meta({
      description:
        '当前用户现在可对该报告办理的事项：upload 上传（报送方，报告期开始后，待提交、被退回或已提交但尚无人审阅时），review 审阅（接收方，已提交且本方尚未审阅当前版本）',
    }),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'ReportSlot' });

export const ReportSlotPage = /* @__PURE__ */ page(ReportSlotView).meta({ id: 'ReportSlotPage' });

export const ReportDetailView = /* @__PURE__ */ z
  .object({
    slot: ReportSlotView,
    submissions: z.array(
      z.object({
        uploadId: z.string(),
        outcome: z.enum(['passed', 'failed']),
        key: z.string(),
        bytes: z.number().int(),
        sha256: z.string().optional(),
        uploadedAt: z.string(),
        uploadedOn: z.string(),
        onTime: z.boolean().optional(),
        reasons: z.array(z.object({ code: z.string(), message: z.string() })),
      }),
    ),
    receipts: z.array(
      z.object({ uploadId: z.string(), party: z.string(), username: z.string(), at: z.string() }),
    ),
  })
  .meta({ id: 'ReportDetail', description: '报告期次、各次上传（含未通过原因）与阅读回执（B2）' });

export const DownloadUrlView = /* @__PURE__ */ z
  .object({ url: z.string(), expiresAt: z.string(), sha256: z.string().optional() })
  .meta({ id: 'DownloadUrl' });

/** Issue 19 item 3: the format of a monthly brief's draft. */
export const BriefDraftQuery = /* @__PURE__ */ z.strictObject({
  format: z
    .enum(['docx', 'pdf'])
    .default('docx')
    .meta({ description: 'docx（可编辑，默认）或 pdf（内嵌中文字体）' }),
});

const DraftHours = /* @__PURE__ */ z
  .string()
  .meta({ description: '小时，由分钟整数换算，保留一位小数（四舍五入），如 "1.5"' });
const Count = /* @__PURE__ */ z.number().int();

export const BriefDraftView = /* @__PURE__ */ z
  .object({
    slotId: SlotId,
    format: z.enum(['docx', 'pdf']),
    fileName: z.string(),
    contentType: z.string(),
    contentBase64: z.string().meta({ description: '草稿文件（Base64）；原样上传即可通过校验' }),
    generatedFrom: z
      .object({
        period: z.object({ start: IsoDateString, end: IsoDateString }),
        headings: z.array(z.string()).meta({ description: '模板要求的标题，按顺序' }),
        policyId: z.string().meta({ description: '取模板的政策版本（今日生效）' }),
        records: Count.meta({ description: '计入的服务记录条数（不含作废）' }),
        voidRecords: Count.meta({ description: '作废、未计入的记录条数' }),
        minutes: Count.meta({ description: '本站服务总分钟（每条记录计一次）' }),
        hours: DraftHours,
        byKind: z.object(Object.fromEntries(SERVICE_KINDS.map((k) => [k, Count]))),
        distinctRecipients: Count.meta({ description: '服务对象人数（按建档编号去重）' }),
        communityHeadcount: Count.meta({ description: '社区活动参与人次' }),
        workers: z.array(
          z.object({
            workerId: z.string(),
            name: z.string(),
            records: Count,
            minutes: Count,
            hours: DraftHours,
          }),
        ),
        supervision: z.object({ sessions: Count, minutes: Count, hours: DraftHours }),
        cases: z.object({
          opened: Count,
          closed: Count,
          openAtEnd: Count,
          outcomes: z.object(Object.fromEntries(CASE_OUTCOMES.map((o) => [o, Count]))),
        }),
        volunteers: z.object({ volunteers: Count, entries: Count, minutes: Count, hours: DraftHours }),
        highlights: z
          .array(z.string())
          .meta({ description: '本月历时最长的社区活动和小组活动（标题与人数）' }),
      })
      .meta({ description: '草稿所依据的数字，均由服务记录计算' }),
  })
  .meta({ id: 'BriefDraft', description: '月度工作简报草稿：模板标题及由本月服务记录生成的内容' });

export const TimelinessQuery = /* @__PURE__ */ z.strictObject({
  year: z.coerce.number().int().min(2021).max(2100),
  month: z.coerce.number().int().min(1).max(12).optional(),
  district: DistrictCode.optional(),
});

const Tally = {
  due: z.number().int(),
  onTime: z.number().int(),
  late: z.number().int(),
  missing: z.number().int(),
  onTimeRateHundredths: z.number().int().nullable().meta({ description: '按时率，万分制（8333 = 83.33 %）' }),
  submittedRateHundredths: z.number().int().nullable(),
};
export const TimelinessView = /* @__PURE__ */ z
  .object({
    from: z.string(),
    to: z.string(),
    asOf: z.string(),
    total: z.object(Tally),
    byDistrict: z.array(z.object({ districtCode: z.string(), ...Tally })),
    byStation: z.array(
      z.object({ stationId: z.string(), districtCode: z.string(), streetCode: z.string(), ...Tally }),
    ),
    byMonth: z.array(z.object({ month: z.string(), ...Tally })),
    serviceVolume: ServiceVolumeView.meta({
      description:
        '服务量（问题 19）：同一期间各社工站、区县的服务记录条数、服务时数（由分钟换算）与结案个案数',
    }),
  })
  .meta({ id: 'Timeliness', description: 'B3 报告按时率（截至 asOf 已到期的报告）' });

export const NotificationParams = /* @__PURE__ */ z.strictObject({ id: Ulid });
export const ListNotificationsQuery = /* @__PURE__ */ z.strictObject({
  unread: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
  limit: Limit,
  cursor: Cursor.optional(),
});
export const NotificationView = /* @__PURE__ */ z
  .object({
    id: z.string(),
    party: z.string(),
    type: z.string(),
    title: z.string(),
    body: z.string(),
    subject: z.object({ type: z.string(), id: z.string() }),
    createdAt: z.string(),
    readAt: z.string().optional(),
    readBy: z.string().optional(),
  })
  .meta({ id: 'Notification' });
export const NotificationPage = /* @__PURE__ */ page(NotificationView).meta({ id: 'NotificationPage' });

export const NotificationSettingsBody = /* @__PURE__ */ z
  .strictObject({
    email: z.email('邮箱格式不正确').max(254).nullable(),
    phone: z
      .string()
      .regex(MAINLAND_MOBILE, '手机号码应为中国大陆 11 位手机号（1 开头，第二位 3–9）')
      .nullable()
      .optional()
      .meta({ description: '接收短信通知的手机号（个人信息：加密存储，仅掩码显示）；null 清除，省略则不变' }),
    version: z.number().int().min(0).meta({ description: '读取时的 version；尚未设置时为 0' }),
  })
  .meta({ id: 'NotificationSettingsUpdate' });
export const NotificationSettingsView = /* @__PURE__ */ z
  .object({
    party: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable().meta({ description: '掩码手机号，如 138****5678' }),
    version: z.number().int(),
    transport: z.enum(['ses', 'outbox', 'none']),
    channels: z.array(z.enum(CHANNELS)).meta({ description: '除站内通知外的发送渠道' }),
  })
  .meta({ id: 'NotificationSettings' });

export const ListDeliveriesQuery = /* @__PURE__ */ z.strictObject({
  status: z
    .literal('failed')
    .default('failed')
    .meta({ description: '目前仅支持 failed（默认）：重试用尽或被拒绝、最终未送达的发送记录' }),
  district: DistrictCode.optional(),
  limit: Limit,
  cursor: Cursor.optional(),
});
export const DeliveryView = /* @__PURE__ */ z
  .object({
    id: z.string(),
    noteId: z.string(),
    party: z.string(),
    channel: z.enum(CHANNELS),
    type: z.string(),
    status: z.enum(['pending', 'sending', 'sent', 'failed', 'skipped']),
    attempts: z.number().int(),
    districtCode: z.string().optional(),
    recipient: z.string().optional().meta({ description: '收件地址（手机号为掩码）' }),
    lastError: z.string().optional(),
    sentAt: z.string().optional(),
    failedAt: z.string().optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'NoticeDelivery', description: '一条通知在一个渠道上的发送记录' });
export const DeliveryPage = /* @__PURE__ */ page(DeliveryView).meta({ id: 'NoticeDeliveryPage' });

export const InspectionBody = /* @__PURE__ */ z
  .strictObject({
    year: z.number().int().min(2021).max(2100),
    districtCode: DistrictCode,
    inspectedOn: IsoDateString,
    stationIds: z.array(Ulid).max(200).default([]),
    inspectors: Text(500).meta({ description: '检查人员（市民政局、市财政局）' }),
    findings: Text(5000).meta({ description: '检查发现' }),
  })
  .meta({ id: 'AnnualInspection', description: 'R20.1 市民政局会同市财政局年度督导检查' });
export const InspectionsQuery = /* @__PURE__ */ z.strictObject({
  year: z.coerce.number().int().min(2021).max(2100),
  district: DistrictCode.optional(),
});
export const InspectionView = /* @__PURE__ */ z.record(z.string(), z.unknown()).meta({ id: 'Inspection' });
export const InspectionList = /* @__PURE__ */ z
  .object({ items: z.array(InspectionView) })
  .meta({ id: 'InspectionList' });
