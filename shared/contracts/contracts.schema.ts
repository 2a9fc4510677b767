import { z } from 'zod';
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
export const Fen = z
  .number()
  .int('金额以分为单位，应为整数')
  .min(0)
  .max(Number.MAX_SAFE_INTEGER)
  .meta({ description: '金额（分）' });

export const ContractParams = z.strictObject({ id: Ulid });

const OperatorBody = z.strictObject({
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

export const CreateContractBody = z
  .strictObject({ stationId: Ulid, ...TermsShape, reason: Reason.optional() })
  .meta({ id: 'CreateContract' });

export const UpdateContractBody = z
  .strictObject({ version: Version, ...TermsShape, reason: Reason.optional() })
  .meta({ id: 'UpdateContract', description: '草稿合同的全部条款（整体替换）' });

export const ContractStatusBody = z
  .strictObject({ version: Version, to: z.enum(CONTRACT_STATUSES), reason: Reason.optional() })
  .meta({ id: 'ContractStatusChange' });

export const ListContractsQuery = z.strictObject({
  district: DistrictCode.optional(),
  street: StreetCode.optional(),
  stationId: Ulid.optional(),
  status: z.enum(CONTRACT_STATUSES).optional(),
  limit: Limit,
  cursor: Cursor.optional(),
});

export const ContractView = z
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
    keyDomains: z.record(z.string(), z.array(z.enum(SERVICE_DOMAINS))).optional(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Contract' });

export const ContractPage = page(ContractView).meta({ id: 'ContractPage' });

export const KeyDomainsParams = z.strictObject({ id: Ulid, year: z.coerce.number().int().min(1).max(10) });
export const KeyDomainsBody = z
  .strictObject({
    version: Version,
    domains: z.array(z.enum(SERVICE_DOMAINS)).max(6),
    reason: Reason.optional(),
  })
  .meta({ id: 'KeyDomains', description: 'R4.1：该服务年度的 2–3 个重点服务领域' });

export const WorkerParams = z.strictObject({ id: Ulid, workerId: Ulid });
const IdNumber = z
  .string()
  .refine(isValidIdNumber, '身份证号码无效（18 位，校验码须正确）')
  .meta({ description: '居民身份证号码（个人信息：仅掩码显示）' });
const Phone = z
  .string()
  .regex(/^1\d{10}$/, '手机号码应为 11 位')
  .meta({ description: '手机号码（个人信息：仅掩码显示）' });

export const CreateWorkerBody = z
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

export const UpdateWorkerBody = z
  .strictObject({
    version: Version,
    qualification: z.enum(QUALIFICATION_LEVELS).optional(),
    certificateNumber: Text(64).optional(),
    phone: Phone.optional(),
    endOn: IsoDateString.optional(),
    reason: Reason.optional(),
  })
  .meta({ id: 'UpdateWorker' });

export const WorkerView = z
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

export const WorkerList = z.object({ items: z.array(WorkerView) }).meta({ id: 'WorkerList' });
