import * as z from 'zod';
import { PolicyParametersSchema } from '#shared/domain/policy/policy';
import { IsoDateString } from './common.schema';

export const CreatePolicyBody = /* @__PURE__ */ z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    basis: z.string().trim().min(1).max(500),
    validFrom: IsoDateString,
    validTo: IsoDateString.optional(),
    parameters: PolicyParametersSchema,
    reason: z.string().trim().min(1).max(500).optional(),
  })
  .meta({ id: 'CreatePolicyVersion' });

export const ListPoliciesQuery = /* @__PURE__ */ z.strictObject({ date: IsoDateString.optional() });

export const PolicyVersionView = /* @__PURE__ */ z
  .object({
    id: z.string(),
    name: z.string(),
    basis: z.string(),
    validFrom: z.string(),
    validTo: z.string().optional(),
    parameters: z.record(z.string(), z.unknown()),
    version: z.number().int(),
    createdAt: z.string(),
  })
  .meta({ id: 'PolicyVersion' });

export const PoliciesView = /* @__PURE__ */ z
  .object({
    versions: z.array(PolicyVersionView),
    inForce: z
      .object({
        date: z.string(),
        id: z.string(),
        warning: z.object({ code: z.string(), message: z.string() }).optional(),
      })
      .optional()
      .meta({ description: '给定日期（默认今天，Asia/Shanghai）适用的版本' }),
  })
  .meta({ id: 'Policies' });
