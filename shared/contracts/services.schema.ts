import * as z from 'zod';
import { CASE_OUTCOMES, CASE_STAGES } from '#shared/domain/services/case';
import { MAX_MINUTES, SERVICE_KINDS, SERVICE_RECORD_STATUSES } from '#shared/domain/services/service-record';
import { Cursor, DistrictCode, IsoDateString, Limit, page, Reason, Ulid, Version } from './common.schema';

/** Issue 19 item 2: service records (服务记录), cases (个案) and service hours (服务时数). */
const Text = (max: number) => z.string().trim().min(1).max(max);
const Month = /* @__PURE__ */ z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份应为 YYYY-MM')
  .meta({ description: '月份（YYYY-MM，上海时间）' });
const Minutes = /* @__PURE__ */ z
  .number()
  .int('服务时长应为整数分钟')
  .min(1, '服务时长应大于 0 分钟')
  .max(MAX_MINUTES, `服务时长不能超过 ${MAX_MINUTES} 分钟（24 小时）`)
  .meta({ description: '服务时长（整数分钟，1–1440）' });
const Kind = /* @__PURE__ */ z.enum(SERVICE_KINDS).meta({
  description:
    'visit-home 家访；visit-phone 电访；group-session 小组活动；community-activity 社区活动；case-intervention 个案干预',
});

export const StationServiceParams = /* @__PURE__ */ z.strictObject({ id: Ulid });
export const ServiceRecordIdParams = /* @__PURE__ */ z.strictObject({ id: Ulid });
export const CaseParams = /* @__PURE__ */ z.strictObject({ id: Ulid });

export const ListStationServiceRecordsQuery = /* @__PURE__ */ z.strictObject({
  month: Month,
  kind: Kind.optional(),
  limit: Limit,
  cursor: Cursor.optional(),
});
export const ListCasesQuery = /* @__PURE__ */ z.strictObject({ limit: Limit, cursor: Cursor.optional() });
export const StationServiceHoursQuery = /* @__PURE__ */ z.strictObject({ month: Month });
export const DistrictServiceHoursQuery = /* @__PURE__ */ z.strictObject({
  district: DistrictCode,
  month: Month,
});

export const CreateServiceRecordBody = /* @__PURE__ */ z
  .strictObject({
    kind: Kind,
    date: IsoDateString.meta({ description: '服务日期：不晚于今天，不早于现行合同服务期开始' }),
    title: Text(100).meta({ description: '主题' }),
    notes: Text(2000).optional().meta({ description: '服务内容摘要（不写服务对象的个人信息）' }),
    workerIds: z
      .array(Ulid)
      .min(1)
      .max(20)
      .meta({ description: '服务社工（本站现行合同花名册中，当日在岗）' }),
    recipientIds: z
      .array(Ulid)
      .max(500)
      .default([])
      .meta({ description: '服务对象编号（本站在册的服务对象；小组活动为出席名单）' }),
    headcount: z
      .number()
      .int()
      .min(0)
      .max(100000)
      .optional()
      .meta({ description: '社区活动参与总人数（含未建档者，不少于登记的服务对象人数）' }),
    caseId: Ulid.optional().meta({ description: '个案干预所属个案' }),
    minutes: Minutes,
  })
  .meta({ id: 'CreateServiceRecord' });

export const UpdateServiceRecordBody = /* @__PURE__ */ z
  .strictObject({
    version: Version,
    date: IsoDateString.optional(),
    title: Text(100).optional(),
    notes: Text(2000).optional(),
    workerIds: z.array(Ulid).min(1).max(20).optional(),
    recipientIds: z.array(Ulid).max(500).optional(),
    headcount: z.number().int().min(0).max(100000).optional(),
    minutes: Minutes.optional(),
    reason: Reason.optional(),
  })
  .meta({ id: 'UpdateServiceRecord' });

export const VoidServiceRecordBody = /* @__PURE__ */ z
  .strictObject({ version: Version, reason: Reason.meta({ description: '作废理由（必填，记入审计）' }) })
  .meta({ id: 'VoidServiceRecord' });

export const ServiceRecordView = /* @__PURE__ */ z
  .object({
    id: Ulid,
    stationId: Ulid,
    districtCode: z.string(),
    streetCode: z.string(),
    contractId: Ulid,
    kind: Kind,
    date: z.string(),
    title: z.string(),
    notes: z.string().optional(),
    workerIds: z.array(z.string()),
    recipientIds: z.array(z.string()),
    headcount: z.number().int().optional(),
    caseId: z.string().optional(),
    minutes: z.number().int(),
    status: z
      .enum(SERVICE_RECORD_STATUSES)
      .meta({ description: 'recorded 有效；void 已作废（不计入服务时数）' }),
    voided: z.object({ on: z.string(), reason: z.string() }).optional(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'ServiceRecord' });
export const ServiceRecordPage = /* @__PURE__ */ page(ServiceRecordView).meta({ id: 'ServiceRecordPage' });

const Hours = /* @__PURE__ */ z
  .string()
  .meta({ description: '小时，按分钟精确换算后保留一位小数（四舍五入），如 "1.5"' });
const ByKind = /* @__PURE__ */ z
  .object(Object.fromEntries(SERVICE_KINDS.map((k) => [k, z.number().int()])))
  .meta({
    description: '各类服务记录条数（不含作废）',
  });
const Supervision = /* @__PURE__ */ z
  .object({ sessions: z.number().int(), minutes: z.number().int(), hours: Hours })
  .meta({ description: '督导（R14.1）：次数与时长，另行统计，不计入服务时数' });

export const StationServiceHoursView = /* @__PURE__ */ z
  .object({
    stationId: Ulid,
    month: z.string(),
    minutes: z.number().int().meta({ description: '本站服务总分钟（每条记录计一次）' }),
    hours: Hours,
    records: z.number().int(),
    byKind: ByKind,
    distinctRecipients: z.number().int().meta({ description: '服务对象人数（去重）' }),
    workers: z.array(
      z.object({
        workerId: z.string(),
        minutes: z.number().int().meta({ description: '该社工参与的记录时长之和' }),
        hours: Hours,
        records: z.number().int(),
        supervisionMinutes: z.number().int(),
        supervisionHours: Hours,
      }),
    ),
    supervision: Supervision,
    volunteers: z
      .object({
        entries: z.number().int(),
        minutes: z.number().int(),
        hours: Hours,
        volunteers: z.array(z.object({ volunteerId: z.string(), minutes: z.number().int(), hours: Hours })),
      })
      .meta({ description: '志愿服务时长：另行统计，不计入社工服务时数' }),
  })
  .meta({ id: 'StationServiceHours' });

export const DistrictServiceHoursView = /* @__PURE__ */ z
  .object({
    districtCode: z.string(),
    month: z.string(),
    minutes: z.number().int(),
    hours: Hours,
    records: z.number().int(),
    byKind: ByKind,
    distinctRecipients: z.number().int(),
    supervision: Supervision,
    stations: z.array(
      z.object({
        stationId: z.string(),
        streetCode: z.string(),
        minutes: z.number().int(),
        hours: Hours,
        records: z.number().int(),
        byKind: ByKind,
        distinctRecipients: z.number().int(),
        supervision: Supervision,
      }),
    ),
  })
  .meta({ id: 'DistrictServiceHours' });

/** Issue 19 item 3: the service volume of a period, counted from the records (never typed). */
export const ServiceVolumeFigures = /* @__PURE__ */ z
  .object({
    records: z.number().int().meta({ description: '服务记录条数（不含作废）' }),
    byKind: ByKind,
    minutes: z.number().int().meta({ description: '服务总分钟（每条记录计一次）' }),
    hours: Hours,
    distinctRecipients: z.number().int().meta({ description: '服务对象人数（去重）' }),
    casesOpened: z.number().int().meta({ description: '期间接案的个案数' }),
    casesClosed: z.number().int().meta({ description: '期间结案的个案数' }),
    casesClosedByOutcome: z
      .object(Object.fromEntries(CASE_OUTCOMES.map((o) => [o, z.number().int()])))
      .meta({ description: '结案个案按成效：achieved 达成；partly_achieved 部分达成；not_achieved 未达成' }),
    volunteers: z.number().int().meta({ description: '期间有服务时长记录的志愿者人数' }),
    volunteerMinutes: z
      .number()
      .int()
      .meta({ description: '志愿服务总分钟（另行统计，不计入社工服务时数）' }),
    volunteerHours: Hours,
  })
  .meta({
    id: 'ServiceVolumeFigures',
    description: '服务量：由服务记录统计，全部为精确整数（时数由分钟换算）',
  });

export const ServiceVolumeView = /* @__PURE__ */ z
  .object({
    from: z.string().meta({ description: '统计期间开始（含）' }),
    to: z.string().meta({ description: '统计期间结束（含）' }),
    total: ServiceVolumeFigures,
    byDistrict: z.array(ServiceVolumeFigures.extend({ districtCode: z.string() })),
    byStation: z.array(
      ServiceVolumeFigures.extend({
        stationId: z.string(),
        districtCode: z.string(),
        streetCode: z.string(),
      }),
    ),
  })
  .meta({ id: 'ServiceVolume', description: '服务量：按社工站、区县与合计，由服务记录按索引统计' });

export const OpenCaseBody = /* @__PURE__ */ z
  .strictObject({
    recipientId: Ulid.meta({ description: '本站在册的服务对象' }),
    workerId: Ulid.meta({ description: '个案社工（本站现行合同花名册中）' }),
    presentingProblem: Text(2000).meta({ description: '求助问题' }),
    openedOn: IsoDateString.meta({ description: '接案日期' }),
  })
  .meta({ id: 'OpenCase' });
export const AssessCaseBody = /* @__PURE__ */ z
  .strictObject({
    version: Version,
    on: IsoDateString,
    findings: Text(4000).meta({ description: '预估结论' }),
  })
  .meta({ id: 'AssessCase' });
export const PlanCaseBody = /* @__PURE__ */ z
  .strictObject({
    version: Version,
    on: IsoDateString,
    goals: z.array(Text(500)).min(1).max(20).meta({ description: '服务目标' }),
  })
  .meta({ id: 'PlanCase' });
export const CloseCaseBody = /* @__PURE__ */ z
  .strictObject({
    version: Version,
    on: IsoDateString,
    outcome: z
      .enum(CASE_OUTCOMES)
      .meta({ description: 'achieved 达成；partly_achieved 部分达成；not_achieved 未达成' }),
    summary: Text(4000).meta({ description: '结案小结' }),
  })
  .meta({ id: 'CloseCase' });

export const CaseView = /* @__PURE__ */ z
  .object({
    id: Ulid,
    stationId: Ulid,
    districtCode: z.string(),
    streetCode: z.string(),
    contractId: Ulid,
    recipientId: Ulid,
    workerId: Ulid,
    presentingProblem: z.string(),
    openedOn: z.string(),
    stage: z.enum(CASE_STAGES).meta({
      description:
        'intake 接案；assessment 已预估；plan 已制定服务计划；intervention 服务介入中；closed 已结案',
    }),
    assessment: z.object({ on: z.string(), findings: z.string() }).optional(),
    plan: z.object({ on: z.string(), goals: z.array(z.string()) }).optional(),
    interventionIds: z.array(z.string()).meta({ description: '个案干预服务记录' }),
    closing: z.object({ on: z.string(), outcome: z.enum(CASE_OUTCOMES), summary: z.string() }).optional(),
    version: z.number().int(),
  })
  .meta({ id: 'Case' });
export const CasePage = /* @__PURE__ */ page(CaseView).meta({ id: 'CasePage' });

export const RegisterVolunteerBody = /* @__PURE__ */ z
  .strictObject({
    name: Text(50).meta({ description: '姓名' }),
    phone: z
      .string()
      .regex(/^1\d{10}$/, '手机号码应为 11 位')
      .optional()
      .meta({ description: '手机号码（个人信息：加密保存，仅掩码显示）' }),
    skills: z.array(Text(50)).max(20).default([]).meta({ description: '特长与可提供的服务' }),
    registeredOn: IsoDateString.meta({ description: '登记日期' }),
  })
  .meta({ id: 'RegisterVolunteer' });

export const VolunteerView = /* @__PURE__ */ z
  .object({
    id: Ulid,
    stationId: Ulid,
    districtCode: z.string(),
    streetCode: z.string(),
    name: z.string(),
    skills: z.array(z.string()),
    phone: z.string().optional().meta({ description: '掩码，如 138****0000' }),
    registeredOn: z.string(),
    version: z.number().int(),
  })
  .meta({ id: 'Volunteer' });
export const VolunteerPage = /* @__PURE__ */ page(VolunteerView).meta({ id: 'VolunteerPage' });

export const RecordVolunteerHoursBody = /* @__PURE__ */ z
  .strictObject({
    volunteerId: Ulid.meta({ description: '本站登记的志愿者' }),
    date: IsoDateString.meta({ description: '服务日期：不晚于今天，不早于现行合同服务期开始' }),
    minutes: Minutes,
    activity: Text(200).meta({ description: '服务内容' }),
    serviceRecordId: Ulid.optional().meta({ description: '所参与的服务记录（如社区活动）' }),
  })
  .meta({ id: 'RecordVolunteerHours' });

export const VolunteerHoursView = /* @__PURE__ */ z
  .object({
    id: Ulid,
    stationId: Ulid,
    districtCode: z.string(),
    streetCode: z.string(),
    volunteerId: Ulid,
    date: z.string(),
    minutes: z.number().int(),
    activity: z.string(),
    serviceRecordId: z.string().optional(),
    createdAt: z.string(),
  })
  .meta({ id: 'VolunteerHours' });
export const VolunteerHoursPage = /* @__PURE__ */ page(VolunteerHoursView).meta({ id: 'VolunteerHoursPage' });
export const ListVolunteerHoursQuery = /* @__PURE__ */ z.strictObject({
  month: Month,
  limit: Limit,
  cursor: Cursor.optional(),
});
