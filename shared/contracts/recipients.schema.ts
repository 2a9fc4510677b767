import * as z from 'zod';
import { CONSENT_GIVERS, RECIPIENT_STATUSES } from '#shared/domain/recipients/recipient';
import { Cursor, IsoDateString, Limit, page, Reason, Ulid, Version } from './common.schema';

/** Issue 19 item 1: the service recipients' register (服务对象建档). */
const Text = (max: number) => z.string().trim().min(1).max(max);
const Code = /* @__PURE__ */ z.string().regex(/^[a-z_]{1,64}$/, '应为政策清单中的代码（小写字母与下划线）');

export const StationRecipientsParams = /* @__PURE__ */ z.strictObject({ id: Ulid });
export const RecipientParams = /* @__PURE__ */ z.strictObject({ id: Ulid });
export const ListRecipientsQuery = /* @__PURE__ */ z.strictObject({
  limit: Limit,
  cursor: Cursor.optional(),
});

const IdNumber = /* @__PURE__ */ z
  .string()
  .regex(/^\d{17}[\dXx]$/, '身份证号码应为 18 位')
  .transform((v) => v.toUpperCase())
  .meta({ description: '居民身份证号码（敏感个人信息：加密保存，仅掩码显示；校验码按 GB 11643 核验）' });
const Phone = /* @__PURE__ */ z
  .string()
  .regex(/^1\d{10}$/, '手机号码应为 11 位')
  .meta({ description: '手机号码（个人信息：加密保存，仅掩码显示）' });
const Address = /* @__PURE__ */ Text(200).meta({ description: '住址（个人信息：加密保存，仅掩码显示）' });

const ConsentBody = /* @__PURE__ */ z
  .strictObject({
    givenOn: IsoDateString,
    scope: Text(500).meta({ description: '同意的范围（建档、服务记录、转介等）' }),
    givenBy: z.enum(CONSENT_GIVERS).meta({ description: 'self 本人；guardian 监护人' }),
    sensitiveDataConsent: z
      .boolean()
      .meta({ description: '已取得处理敏感个人信息的单独同意（《个人信息保护法》第二十九条）' }),
    guardian: z
      .strictObject({ name: Text(50), relation: Text(20) })
      .optional()
      .meta({ description: '监护人姓名及与服务对象的关系；未满十四周岁必填（第三十一条）' }),
  })
  .meta({ id: 'RecipientConsent' });

const AssessmentBody = /* @__PURE__ */ z
  .strictObject({
    areas: z.array(Code).min(1).max(20).meta({ description: '需求领域（政策清单中的代码）' }),
    notes: Text(2000),
    assessedOn: IsoDateString,
    assessedByWorkerId: Ulid.meta({ description: '评估社工（本站花名册中的社工）' }),
  })
  .meta({ id: 'RecipientAssessment' });

export const CreateRecipientBody = /* @__PURE__ */ z
  .strictObject({
    name: Text(50).meta({ description: '姓名（个人信息：加密保存，显示为 王*芳）' }),
    category: Code.meta({ description: '服务对象类别（现行政策的类别清单）' }),
    idNumber: IdNumber.optional(),
    birthDate: IsoDateString.optional().meta({ description: '无身份证号码时必填' }),
    phone: Phone.optional(),
    address: Address.optional(),
    assessment: AssessmentBody.optional(),
    consent: ConsentBody.optional().meta({ description: '必填：未取得同意不能建档' }),
  })
  .meta({ id: 'CreateRecipient' });

export const UpdateRecipientBody = /* @__PURE__ */ z
  .strictObject({
    version: Version,
    category: Code.optional(),
    phone: Phone.optional(),
    address: Address.optional(),
    assessment: AssessmentBody.optional(),
    consent: ConsentBody.optional(),
    reason: Reason.optional(),
  })
  .meta({ id: 'UpdateRecipient' });

export const RevealRecipientBody = /* @__PURE__ */ z
  .strictObject({ reason: Reason.meta({ description: '查看理由（必填，记入审计）' }) })
  .meta({ id: 'RevealRecipient' });

export const MarkRecipientDeletionBody = /* @__PURE__ */ z
  .strictObject({
    version: Version,
    reason: Reason.meta({ description: '删除理由（如撤回同意、服务终止）' }),
  })
  .meta({ id: 'MarkRecipientDeletion' });

export const RecipientView = /* @__PURE__ */ z
  .object({
    id: Ulid,
    stationId: Ulid,
    districtCode: z.string(),
    streetCode: z.string(),
    status: z.enum(RECIPIENT_STATUSES),
    category: z.string(),
    name: z.string().optional().meta({ description: '掩码，如 王*芳（匿名化后无）' }),
    idNumber: z.string().optional().meta({ description: '掩码，如 3701**********123X' }),
    phone: z.string().optional().meta({ description: '掩码，如 138****0000' }),
    address: z.string().optional().meta({ description: '掩码' }),
    birthYear: z.number().int().optional(),
    assessment: z
      .object({
        areas: z.array(z.string()),
        notes: z.string(),
        assessedOn: z.string(),
        assessedByWorkerId: z.string(),
      })
      .optional(),
    needsAreas: z.array(z.string()).optional().meta({ description: '匿名化后保留的需求领域（统计用）' }),
    consent: z
      .object({
        givenOn: z.string(),
        scope: z.string(),
        givenBy: z.enum(CONSENT_GIVERS),
        sensitiveDataConsent: z.boolean(),
        guardian: z.object({ name: z.string(), relation: z.string() }).optional(),
      })
      .optional(),
    registeredOn: z.string(),
    deletion: z
      .object({
        requestedOn: z.string(),
        reason: z.string().optional(),
        retainUntil: z.string().meta({ description: '保存期限（R10.1）' }),
        anonymiseOn: z.string().meta({ description: '匿名化日期（保存期满次日）' }),
      })
      .optional(),
    anonymisedOn: z.string().optional(),
    version: z.number().int(),
  })
  .meta({ id: 'Recipient' });

const Named = /* @__PURE__ */ z.object({ code: z.string(), name: z.string() });
export const RecipientPage = /* @__PURE__ */ page(RecipientView)
  .extend({
    lists: z
      .object({ categories: z.array(Named), needsAreas: z.array(Named) })
      .meta({ description: '现行政策的服务对象类别与需求领域（代码与名称），用于显示与建档' }),
  })
  .meta({ id: 'RecipientPage' });

export const RecipientPersonalDataView = /* @__PURE__ */ RecipientView.extend({
  name: z.string().meta({ description: '完整姓名' }),
  idNumber: z.string().optional().meta({ description: '完整身份证号码' }),
  phone: z.string().optional().meta({ description: '完整手机号码' }),
  address: z.string().optional().meta({ description: '完整住址' }),
  guardianName: z.string().optional().meta({ description: '同意监护人的完整姓名' }),
}).meta({ id: 'RecipientPersonalData' });
