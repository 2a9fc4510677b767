import * as z from 'zod';
import { NON_WORKING_DUE_DATE_RULES } from '#shared/domain/calendar/due-date-rules';
import { HANDOVER_STATUSES, SERVICE_RECORD_KINDS } from '#shared/domain/handover/handover';
import { IsoDateString, Ulid, Version } from './common.schema';

const Text = (max: number) => z.string().trim().min(1).max(max);
const DocType = /* @__PURE__ */ z.enum(['application/pdf', 'image/jpeg', 'image/png']);
const Org = /* @__PURE__ */ z.strictObject({ orgId: z.string().regex(/^[a-z0-9-]{3,64}$/), name: Text(200) });

export const ContractIdParams = /* @__PURE__ */ z.strictObject({ id: Ulid });
export const ServiceRecordParams = /* @__PURE__ */ z.strictObject({ id: Ulid, recordId: Ulid });
export const ServiceRecordBody = /* @__PURE__ */ z
  .strictObject({
    kind: z
      .enum(SERVICE_RECORD_KINDS)
      .meta({ description: '个案、小组、社区服务、家访电访、服务对象建档、志愿者建档、服务需求调研' }),
    title: Text(200).meta({ description: '标题（请勿填写服务对象姓名等个人信息）' }),
    contentType: DocType,
    bytes: z
      .number()
      .int()
      .min(1)
      .max(20 * 1024 * 1024),
  })
  .meta({ id: 'ServiceRecordUpload', description: 'R10.1 服务档案：类别与保存期限由系统确定' });
export const ExitBody = /* @__PURE__ */ z
  .strictObject({ exitOn: IsoDateString, reason: Text(1000), nextOperator: Org.optional() })
  .meta({ id: 'OperatorExit', description: 'R10.2 承接方退出：移交期限为退出日起 30 个工作日' });
export const HandoverParams = /* @__PURE__ */ z.strictObject({ id: Ulid });
export const HandoverItemParams = /* @__PURE__ */ z.strictObject({
  id: Ulid,
  kind: z.enum(SERVICE_RECORD_KINDS),
});
export const HandoverItemBody = /* @__PURE__ */ z
  .strictObject({
    version: Version,
    paperCount: z.number().int().min(0).max(100000).meta({
      description: '纸质档案数量（卷、册或份）：仅填写纸质档案；系统内的服务记录数量由系统统计，不可填写',
    }),
    note: Text(1000).optional().meta({ description: '纸质档案说明（如：2 盒、存放位置）' }),
  })
  .meta({ id: 'HandoverItem', description: 'R10.2 移交资料清单的一项：确认已移交，并填写纸质档案数量' });
export const AgreementBody = /* @__PURE__ */ z
  .strictObject({
    version: Version,
    contentType: DocType,
    bytes: z
      .number()
      .int()
      .min(1)
      .max(20 * 1024 * 1024),
  })
  .meta({ id: 'HandoverAgreementUpload' });
export const HandoverVersionBody = /* @__PURE__ */ z
  .strictObject({ version: Version })
  .meta({ id: 'HandoverVersion' });
export const TransferBody = /* @__PURE__ */ z
  .strictObject({ version: Version, nextOperator: Org.optional() })
  .meta({ id: 'HandoverTransfer' });
export const AnyView = /* @__PURE__ */ z.record(z.string(), z.unknown()).meta({ id: 'HandoverRecord' });
/** A handover as recorded and read (R10.2): its deadline and whether it is still provisional (B5, issue 18). */
export const HandoverView = /* @__PURE__ */ z
  .looseObject({
    id: z.string(),
    contractId: z.string(),
    contractNumber: z.string(),
    exitOn: z.string().meta({ description: '承接方退出日期' }),
    deadlineOn: z.string().meta({
      description: '档案移交期限：退出之日起的工作日数（政策参数，默认 30 个工作日），按工作日历计算',
    }),
    provisional: z.boolean().meta({
      description:
        '期限或提醒跨入尚未公布节假日安排的年份（B5）；该年度安排录入后由到期任务重新计算期限并取消此标记',
    }),
    deadlineBasis: z
      .object({ workingDays: z.number().int(), rule: z.enum(NON_WORKING_DUE_DATE_RULES) })
      .optional()
      .meta({
        description:
          '期限的计算依据：退出之日起的工作日数及期限日遇非工作日的处理规则（退出之日有效的政策参数）',
      }),
    calendarYears: z
      .array(z.number().int())
      .optional()
      .meta({ description: '期限所依赖的日历年度；其节假日安排录入或更正后重新计算' }),
    items: z
      .array(
        z.looseObject({
          kind: z.enum(SERVICE_RECORD_KINDS),
          name: z.string(),
          handed: z.boolean(),
          paperCount: z.number().int().optional().meta({ description: '纸质档案数量（由退出的承接方填写）' }),
          note: z.string().optional(),
          handedAt: z.string().optional(),
          recordCount: z.number().int().nullable().meta({
            description:
              '系统记录数量（只读）：由退出合同服务期内（至退出日）的服务记录统计；服务需求调研无系统记录，为 null',
          }),
        }),
      )
      .meta({ description: '移交资料清单：每类档案的系统记录数量（只读）与纸质档案数量（填写）' }),
    recordCounts: z
      .object({
        period: z.object({ from: z.string(), to: z.string() }),
        asOf: z.string(),
        counts: z.record(z.string(), z.number().int()),
      })
      .meta({
        description:
          '清单中系统记录数量的统计依据：统计期间（合同服务期开始至退出日）与统计时间；双方签署前每次读取时重新统计，双方签署后固定为签署时的数量',
      }),
    status: z.enum(HANDOVER_STATUSES),
    overdue: z.boolean().meta({
      description: '逾期：档案尚未接收且已过移交期限（按当日上海日期计算）',
    }),
    nextActionOn: z.string().optional().meta({
      description: '到期任务下一次处理（提醒、逾期通知）的日期，不早于当日；档案已接收或无后续处理时不出现',
    }),
    version: z.number().int(),
  })
  .meta({ id: 'Handover', description: 'R10.2 档案移交：清单、协议、签署与期限' });
