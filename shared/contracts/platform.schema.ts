import * as z from 'zod';
import { APPLICATION_STATUSES } from '#shared/domain/platform/application';
import { Cursor, IsoDateString, Limit, Reason, Ulid, Version } from './common.schema';
import { Fen } from './contracts.schema';

const Text = (max: number) => z.string().trim().min(1).max(max);

export const ApplicationParams = /* @__PURE__ */ z.strictObject({ id: Ulid });

export const CreateApplicationBody = /* @__PURE__ */ z
  .strictObject({
    applicantName: Text(200).meta({ description: '申请单位名称' }),
    stationId: Ulid,
    reason: Text(2000).meta({ description: '共享理由' }),
    project: Text(500).meta({ description: '入驻项目' }),
    serviceNeeds: Text(2000).meta({ description: '服务需求' }),
    funding: z.strictObject({ source: Text(200), amountFen: Fen }).meta({ description: '经费安排' }),
    staffing: z
      .strictObject({
        count: z.number().int().min(1).max(500),
        description: Text(1000),
        excludesStationStaff: z.literal(true, '人员配备不得包含社工站现有人员'),
      })
      .meta({ description: '人员配备（不含社工站现有人员）' }),
    requestReason: Reason.optional(),
  })
  .meta({ id: 'CreatePlatformApplication', description: 'R21.1 书面申请：全部事项必填' });

export const DecisionBody = /* @__PURE__ */ z
  .strictObject({
    version: Version,
    outcome: z.enum(['approved', 'rejected']),
    reason: Text(1000).meta({ description: '审核意见（批准或不予批准均须说明）' }),
    serviceContract: z
      .strictObject({
        number: Text(64),
        signedOn: IsoDateString,
        operatorOrgId: z.string().regex(/^[a-z0-9-]{3,64}$/),
        amountFen: Fen,
        servicePeriod: z.strictObject({ start: IsoDateString, end: IsoDateString }),
      })
      .optional()
      .meta({ description: '批准时必填：申请方与社工站承接方签订的服务合同' }),
  })
  .meta({ id: 'PlatformDecision' });

export const ListApplicationsQuery = /* @__PURE__ */ z.strictObject({
  limit: Limit,
  cursor: Cursor.optional(),
});

export const ApplicationView = /* @__PURE__ */ z
  .object({
    id: Ulid,
    level: z.enum(['city', 'district']),
    districtCode: z.string().optional(),
    applicant: z.object({
      kind: z.string(),
      name: z.string(),
      org: z.string().optional(),
      street: z.string().optional(),
    }),
    stationId: Ulid,
    reason: z.string(),
    project: z.string(),
    serviceNeeds: z.string(),
    funding: z.object({ source: z.string(), amountFen: z.number().int() }),
    staffing: z.object({
      count: z.number().int(),
      description: z.string(),
      excludesStationStaff: z.literal(true),
    }),
    status: z.enum(APPLICATION_STATUSES),
    decision: z
      .object({ outcome: z.string(), reason: z.string(), by: z.string(), at: z.string() })
      .optional(),
    serviceContract: z.record(z.string(), z.unknown()).optional(),
    supervisingParty: z.record(z.string(), z.unknown()).optional(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'PlatformApplication' });

export const ApplicationPage = /* @__PURE__ */ z
  .object({ items: z.array(ApplicationView), nextCursor: z.string().optional() })
  .meta({ id: 'PlatformApplicationPage' });
