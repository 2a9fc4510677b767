import * as z from 'zod';
import { IsoDateString, Version } from './common.schema';

export const CalendarYearParams = /* @__PURE__ */ z.strictObject({
  year: z.coerce.number().int().min(2000).max(2100),
});

export const CalendarYearBody = /* @__PURE__ */ z
  .strictObject({
    holidays: z.array(IsoDateString).max(60).meta({ description: '法定节假日（放假日期）' }),
    workdays: z.array(IsoDateString).max(20).meta({ description: '调休上班日（周末上班）' }),
    basis: z.string().trim().min(1).max(300).meta({ description: '依据，如国务院办公厅通知文号' }),
    version: Version.optional().meta({ description: '更正已录入的年份时必填：读取时得到的 version' }),
    reason: z.string().trim().min(1).max(500).optional(),
  })
  .meta({ id: 'CalendarYear' });

export const CalendarYearView = /* @__PURE__ */ z
  .object({
    year: z.number().int(),
    holidays: z.array(z.string()),
    workdays: z.array(z.string()),
    basis: z.string(),
    version: z.number().int(),
    updatedAt: z.string(),
  })
  .meta({ id: 'CalendarYearOverride' });

/**
 * Either a range (`from`, `to`: the working days in it) or a count from a start (`start`, `add`: the date that is
 * `add` working days after `start`; negative counts backwards).
 */
export const WorkingDaysQuery = /* @__PURE__ */ z
  .strictObject({
    from: IsoDateString.optional(),
    to: IsoDateString.optional(),
    start: IsoDateString.optional(),
    add: z.coerce.number().int().min(-366).max(366).optional(),
  })
  .refine(
    (q) =>
      (q.from !== undefined && q.to !== undefined && q.start === undefined && q.add === undefined) ||
      (q.start !== undefined && q.add !== undefined && q.from === undefined && q.to === undefined),
    '请提供 from 与 to，或 start 与 add',
  )
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, 'from 不得晚于 to')
  .refine(
    (q) =>
      q.from === undefined || q.to === undefined || Date.parse(q.to) - Date.parse(q.from) <= 366 * 86_400_000,
    '区间不得超过 366 天',
  );

export const WorkingDaysView = /* @__PURE__ */ z
  .object({
    from: z.string().optional(),
    to: z.string().optional(),
    count: z.number().int().optional(),
    days: z.array(z.string()).optional(),
    start: z.string().optional(),
    add: z.number().int().optional(),
    date: z.string().optional(),
    provisional: z.boolean().meta({ description: '计算涉及尚无官方节假日安排的年份时为 true' }),
    years: z.array(z.object({ year: z.number().int(), official: z.boolean(), source: z.string() })),
  })
  .meta({ id: 'WorkingDays' });
