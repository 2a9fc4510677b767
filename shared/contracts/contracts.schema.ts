import * as z from 'zod';
import {
  CONTRACT_STATUSES,
  QUALIFICATION_LEVELS,
  TRANCHE_PRECONDITIONS,
} from '#shared/domain/contracts/contract';
import { isValidIdNumber } from '#shared/domain/contracts/roster';
import { SERVICE_DOMAINS } from '#shared/domain/contracts/service-domains';
import {
  Cursor,
  DistrictCode,
  IsoDateString,
  Limit,
  page,
  Reason,
  StreetCode,
  Ulid,
  Version,
} from './common.schema';

const Text = (max: number) => z.string().trim().min(1).max(max);
/** Money in integer fen (分). */
export const Fen = /* @__PURE__ */ z
  .number()
  .int('金额以分为单位，应为整数')
  .min(0)
  .max(Number.MAX_SAFE_INTEGER)
  .meta({ description: '金额（分）' });

export const ContractParams = /* @__PURE__ */ z.strictObject({ id: Ulid });

const OperatorBody = /* @__PURE__ */ z.strictObject({
  orgId: z.string().regex(/^[a-z0-9-]{3,64}$/, '机构标识应为 3–64 位小写字母、数字或连字符'),
  name: Text(200),
  kind: z.enum(['enterprise', 'social_organization']),
});

const TermsShape = {
  number: Text(64),
  operator: OperatorBody,
  servicePeriod: z.strictObject({ start: IsoDateString, end: IsoDateString }),
  amountFen: Fen,
  breakdown: z.strictObject({ labourFen: Fen, qualityAssuranceFen: Fen, operatorManagementFen: Fen }),
  staffing: z.strictObject({
    total: z.number().int().min(1).max(200),
    minimumByLevel: z.strictObject({
      assistant: z.number().int().min(0).max(200).optional(),
      intermediate: z.number().int().min(0).max(200).optional(),
      senior: z.number().int().min(0).max(200).optional(),
    }),
  }),
  paymentSchedule: z
    .array(
      z.strictObject({
        seq: z.number().int().min(1).max(24),
        plannedOn: IsoDateString,
        amountFen: Fen,
        precondition: z.enum(TRANCHE_PRECONDITIONS).optional(),
      }),
    )
    .min(1)
    .max(24),
};

export const CreateContractBody = /* @__PURE__ */ z
  .strictObject({ stationId: Ulid, ...TermsShape, reason: Reason.optional() })
  .meta({ id: 'CreateContract' });

export const UpdateContractBody = /* @__PURE__ */ z
  .strictObject({ version: Version, ...TermsShape, reason: Reason.optional() })
  .meta({ id: 'UpdateContract', description: '草稿合同的全部条款（整体替换）' });

export const ContractStatusBody = /* @__PURE__ */ z
  .strictObject({ version: Version, to: z.enum(CONTRACT_STATUSES), reason: Reason.optional() })
  .meta({ id: 'ContractStatusChange' });

export const ListContractsQuery = /* @__PURE__ */ z.strictObject({
  district: DistrictCode.optional(),
  street: StreetCode.optional(),
  stationId: Ulid.optional(),
  status: z.enum(CONTRACT_STATUSES).optional(),
  limit: Limit,
  cursor: Cursor.optional(),
});

export const ContractView = /* @__PURE__ */ z
  .object({
    id: Ulid,
    number: z.string(),
    stationId: Ulid,
    districtCode: z.string(),
    streetCode: z.string(),
    operator: z.object({ orgId: z.string(), name: z.string(), kind: z.string() }),
    servicePeriod: z.object({ start: z.string(), end: z.string() }),
    amountFen: z.number().int(),
    breakdown: z.object({
      labourFen: z.number(),
      qualityAssuranceFen: z.number(),
      operatorManagementFen: z.number(),
    }),
    staffing: z.object({ total: z.number(), minimumByLevel: z.record(z.string(), z.number()) }),
    paymentSchedule: z.array(
      z.object({
        seq: z.number(),
        plannedOn: z.string(),
        amountFen: z.number(),
        precondition: z.string().optional(),
      }),
    ),
    status: z.enum(CONTRACT_STATUSES),
    endedOn: z
      .string()
      .optional()
      .describe('完成或终止之日（Asia/Shanghai 日期）：合同有效至此日，早于服务期截止日时以此为准'),
    keyDomains: z.record(z.string(), z.array(z.enum(SERVICE_DOMAINS))).optional(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Contract' });

export const ContractPage = /* @__PURE__ */ page(ContractView).meta({ id: 'ContractPage' });

export const KeyDomainsParams = /* @__PURE__ */ z.strictObject({
  id: Ulid,
  year: z.coerce.number().int().min(1).max(10),
});
export const KeyDomainsBody = /* @__PURE__ */ z
  .strictObject({
    version: Version,
    domains: z.array(z.enum(SERVICE_DOMAINS)).max(6),
    reason: Reason.optional(),
  })
  .meta({ id: 'KeyDomains', description: 'R4.1：该服务年度的 2–3 个重点服务领域' });

export const WorkerParams = /* @__PURE__ */ z.strictObject({ id: Ulid, workerId: Ulid });
const IdNumber = /* @__PURE__ */ z
  .string()
  .refine(isValidIdNumber, '身份证号码无效（18 位，校验码须正确）')
  .meta({ description: '居民身份证号码（个人信息：仅掩码显示）' });
const Phone = /* @__PURE__ */ z
  .string()
  .regex(/^1\d{10}$/, '手机号码应为 11 位')
  .meta({ description: '手机号码（个人信息：仅掩码显示）' });

export const CreateWorkerBody = /* @__PURE__ */ z
  .strictObject({
    name: Text(50),
    qualification: z.enum(QUALIFICATION_LEVELS),
    certificateNumber: Text(64).optional(),
    idNumber: IdNumber,
    phone: Phone.optional(),
    startOn: IsoDateString,
    endOn: IsoDateString.optional(),
    reason: Reason.optional(),
  })
  .meta({ id: 'CreateWorker' });

export const UpdateWorkerBody = /* @__PURE__ */ z
  .strictObject({
    version: Version,
    qualification: z.enum(QUALIFICATION_LEVELS).optional(),
    certificateNumber: Text(64).optional(),
    phone: Phone.optional(),
    endOn: IsoDateString.optional(),
    reason: Reason.optional(),
  })
  .meta({ id: 'UpdateWorker' });

export const WorkerView = /* @__PURE__ */ z
  .object({
    id: Ulid,
    contractId: Ulid,
    stationId: Ulid,
    name: z.string(),
    qualification: z.enum(QUALIFICATION_LEVELS),
    certificateNumber: z.string().optional(),
    idNumber: z.string().meta({ description: '掩码，如 370102********1234' }),
    phone: z.string().optional().meta({ description: '掩码，如 138****5678' }),
    startOn: z.string(),
    endOn: z.string().optional(),
    version: z.number().int(),
  })
  .meta({ id: 'Worker' });

export const WorkerList = /* @__PURE__ */ z.object({ items: z.array(WorkerView) }).meta({ id: 'WorkerList' });

export const YearParams = /* @__PURE__ */ z.strictObject({
  id: Ulid,
  year: z.coerce.number().int().min(1).max(10),
});
export const TaskParams = /* @__PURE__ */ z.strictObject({
  id: Ulid,
  year: z.coerce.number().int().min(1).max(10),
  taskId: z.string().regex(/^[A-Za-z0-9-]{1,32}$/),
});

const DraftVersion = /* @__PURE__ */ Version.optional().meta({
  description: '修订已有内容时必填：读取时得到的 version；首次起草不填',
});

export const NeedsSurveyBody = /* @__PURE__ */ z
  .strictObject({
    version: DraftVersion,
    conductedOn: IsoDateString,
    methods: Text(500),
    findings: Text(5000),
    reason: Reason.optional(),
  })
  .meta({ id: 'NeedsSurvey', description: 'R9.2 需求调研（承接方起草，承接方与街道双方确认）' });

export const TaskBookBody = /* @__PURE__ */ z
  .strictObject({
    version: DraftVersion,
    items: z
      .array(
        z.strictObject({
          id: z.string().regex(/^[A-Za-z0-9-]{1,32}$/),
          category: z
            .string()
            .regex(/^[a-z_]{1,64}$/)
            .meta({ description: '事项类别；政策中列为禁止的类别不得列入（R8.1）' }),
          title: Text(200),
          target: z.number().int().min(1).max(1_000_000),
          unit: Text(20),
        }),
      )
      .min(1)
      .max(200),
    reason: Reason.optional(),
  })
  .meta({ id: 'TaskBook', description: 'R9.2 项目任务书' });

export const ConfirmationBody = /* @__PURE__ */ z
  .strictObject({ version: Version, reason: Reason.optional() })
  .meta({ id: 'Confirmation', description: '确认当前版本（承接方或街道）' });

export const ProgressBody = /* @__PURE__ */ z
  .strictObject({
    version: DraftVersion,
    actual: z.number().int().min(0).max(1_000_000),
    asOf: IsoDateString,
    note: Text(500).optional(),
    reason: Reason.optional(),
  })
  .meta({ id: 'TaskProgress' });

const CoSignedView = (content: z.ZodType) =>
  z.object({
    contractId: z.string(),
    kind: z.string(),
    year: z.number().int(),
    content,
    revision: z.number().int(),
    confirmations: z.record(z.string(), z.object({ sub: z.string(), username: z.string(), at: z.string() })),
    effective: z.object({ revision: z.number().int(), content, since: z.string() }).optional(),
    inEffect: z.boolean(),
    awaiting: z.array(z.enum(['operator', 'street_office'])),
    version: z.number().int(),
    updatedAt: z.string(),
  });

export const NeedsSurveyView = /* @__PURE__ */ CoSignedView(
  z.object({ conductedOn: z.string(), methods: z.string(), findings: z.string() }),
).meta({ id: 'NeedsSurveyDocument' });

export const ProgressView = /* @__PURE__ */ z
  .object({
    taskId: z.string(),
    actual: z.number().int(),
    asOf: z.string(),
    note: z.string().optional(),
    version: z.number().int(),
  })
  .meta({ id: 'TaskProgressRecord' });

export const TaskBookView = /* @__PURE__ */ CoSignedView(
  z.object({
    items: z.array(
      z.object({
        id: z.string(),
        category: z.string(),
        title: z.string(),
        target: z.number(),
        unit: z.string(),
      }),
    ),
  }),
)
  .extend({
    progress: z.record(z.string(), ProgressView).optional(),
    completionRateBasisPoints: z
      .number()
      .int()
      .optional()
      .meta({ description: '任务完成率（万分比，整数）：Σ min(实际, 目标) ÷ Σ 目标' }),
  })
  .meta({ id: 'TaskBookDocument' });

export const SupervisionBody = /* @__PURE__ */ z
  .strictObject({
    heldOn: IsoDateString,
    supervisor: z.strictObject({
      name: Text(50),
      qualification: Text(50),
      organisation: Text(100).optional(),
    }),
    workerIds: z.array(Ulid).min(1).max(50),
    minutes: z.number().int().min(15).max(600),
    topics: z.array(Text(200)).min(1).max(20),
    reason: Reason.optional(),
  })
  .meta({ id: 'SupervisionSession', description: 'R14.1 督导记录' });

export const RecordsQuery = /* @__PURE__ */ z.strictObject({ from: IsoDateString.optional() });

export const MeetingBody = /* @__PURE__ */ z
  .strictObject({
    heldOn: IsoDateString,
    parties: z
      .array(z.enum(['district', 'street', 'station']))
      .min(2)
      .max(3),
    issues: z.array(Text(500)).min(1).max(50),
    followUps: z
      .array(z.strictObject({ action: Text(500), owner: Text(100), dueOn: IsoDateString.optional() }))
      .max(50),
    reason: Reason.optional(),
  })
  .meta({ id: 'CoordinationMeeting', description: 'R8.2 区县、街道、社工站协调会议' });

export const SafetyCheckBody = /* @__PURE__ */ z
  .strictObject({
    checkedOn: IsoDateString,
    items: z
      .array(z.strictObject({ item: Text(200), ok: z.boolean(), note: Text(500).optional() }))
      .min(1)
      .max(100),
    findings: Text(2000).optional(),
    reason: Reason.optional(),
  })
  .meta({ id: 'SafetyCheck', description: 'R13 街道对社工站的安全检查' });

export const ReferralBody = /* @__PURE__ */ z
  .strictObject({
    referredOn: IsoDateString,
    direction: z.enum(['to_station', 'from_station']),
    counterpart: Text(200),
    reason: Text(1000),
    caseRef: z
      .string()
      .regex(/^[A-Za-z0-9-]{1,40}$/)
      .meta({ description: '社工站个案编号（不得含姓名、身份证号）' }),
    requestReason: Reason.optional(),
  })
  .meta({ id: 'Referral', description: 'R13 转介' });

export const RecordList = /* @__PURE__ */ z
  .object({ items: z.array(z.record(z.string(), z.unknown())) })
  .meta({ id: 'RecordList' });

export const SupervisionSessionView = /* @__PURE__ */ z
  .object({
    id: Ulid,
    contractId: Ulid,
    heldOn: z.string(),
    supervisor: z.object({
      name: z.string(),
      qualification: z.string(),
      organisation: z.string().optional(),
    }),
    workerIds: z.array(Ulid),
    minutes: z.number().int(),
    topics: z.array(z.string()),
    createdAt: z.string(),
  })
  .meta({ id: 'SupervisionSessionRecord', description: 'R14.1 一次督导' });
export const SupervisionSessionList = /* @__PURE__ */ z
  .object({ items: z.array(SupervisionSessionView) })
  .meta({ id: 'SupervisionSessionList' });

export const CoordinationMeetingView = /* @__PURE__ */ z
  .object({
    id: Ulid,
    heldOn: z.string(),
    parties: z.array(z.enum(['district', 'street', 'station'])),
    issues: z.array(z.string()),
    followUps: z.array(z.object({ action: z.string(), owner: z.string(), dueOn: z.string().optional() })),
    recordedBy: z.string(),
    createdAt: z.string(),
  })
  .meta({ id: 'CoordinationMeetingRecord', description: 'R8.2 一次协调会议' });
export const CoordinationMeetingList = /* @__PURE__ */ z
  .object({ items: z.array(CoordinationMeetingView) })
  .meta({ id: 'CoordinationMeetingList' });
export const RecordView = /* @__PURE__ */ z.record(z.string(), z.unknown()).meta({ id: 'Record' });
