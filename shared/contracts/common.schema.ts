import * as z from 'zod';
import { isIsoDate } from '#shared/domain/calendar/dates';

/** Building blocks shared by the request and response schemas. Every request object is strict. */
export const DistrictCode = /* @__PURE__ */ z
  .string()
  .regex(/^\d{6}$/, '区县代码应为 6 位数字')
  .meta({ example: '370102' });
export const StreetCode = /* @__PURE__ */ z
  .string()
  .regex(/^\d{9}$/, '街道/镇代码应为 9 位数字')
  .meta({ example: '370102001' });
export const Ulid = /* @__PURE__ */ z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, '应为 ULID');
export const IsoDateString = /* @__PURE__ */ z
  .string()
  .refine(isIsoDate, '日期格式应为 YYYY-MM-DD')
  .meta({ format: 'date', example: '2026-11-25' });
export const Version = /* @__PURE__ */ z
  .number()
  .int()
  .min(1)
  .meta({ description: '乐观锁版本号：读取时得到的 version，原样带回' });
export const Reason = /* @__PURE__ */ z
  .string()
  .trim()
  .min(1)
  .max(500)
  .meta({ description: '变更理由（记入审计）' });
export const Limit = /* @__PURE__ */ z.coerce.number().int().min(1).max(100).default(50);
export const Cursor = /* @__PURE__ */ z.string().min(1).max(2000);
/** An S3 object key of an uploaded photo or document. */
export const ObjectKey = /* @__PURE__ */ z
  .string()
  .min(1)
  .max(512)
  .regex(/^[A-Za-z0-9!_.*'()\-/]+$/, "对象键只能包含字母、数字和 !_.*'()-/");

export const Problem = /* @__PURE__ */ z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    rule: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({
    id: 'Problem',
    description: 'RFC 9457 problem details: a stable code, a zh-CN title and detail, the fields at fault',
  });

export const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().optional() });
