import * as z from 'zod';
import { Cursor, DistrictCode, Limit } from './common.schema';

export const ListAuditQuery = /* @__PURE__ */ z.strictObject({
  district: z.union([DistrictCode, z.literal('CITY')]).optional(),
  entityType: z
    .string()
    .regex(/^[a-z-]{1,40}$/)
    .optional(),
  entityId: z.string().min(1).max(100).optional(),
  limit: Limit,
  cursor: Cursor.optional(),
});

export const AuditRecordView = /* @__PURE__ */ z
  .object({
    id: z.string(),
    at: z.string(),
    action: z.string(),
    entity: z.object({ type: z.string(), id: z.string() }),
    actor: z.object({ sub: z.string(), username: z.string(), roles: z.array(z.string()) }),
    scope: z.object({ district: z.string().optional(), street: z.string().optional() }),
    before: z.unknown().optional(),
    after: z.unknown().optional(),
    reason: z.string().optional(),
    requestId: z.string().optional(),
  })
  .meta({ id: 'AuditRecord' });

export const AuditPage = /* @__PURE__ */ z
  .object({ items: z.array(AuditRecordView), nextCursor: z.string().optional() })
  .meta({ id: 'AuditPage' });
