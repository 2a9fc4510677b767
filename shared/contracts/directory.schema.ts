import * as z from 'zod';
import { SERVICE_DOMAINS } from '#shared/domain/contracts/service-domains';
import { Cursor, DistrictCode, Limit, page, StreetCode, Ulid } from './common.schema';

/** The public station directory (社工站名录): filters, one station, the counts per district. */
export const PublicStationsQuery = /* @__PURE__ */ z
  .strictObject({
    district: DistrictCode.optional().meta({ description: '区县代码（济南市区县级单位）' }),
    street: StreetCode.optional().meta({ description: '街道（镇）代码，须属于所选区县' }),
    limit: Limit,
    cursor: Cursor.optional(),
  })
  .refine((q) => !q.district || !q.street || q.street.startsWith(q.district), {
    path: ['street'],
    message: '街道（镇）不属于所选区县',
  });

export const PublicStationView = /* @__PURE__ */ z
  .object({
    id: Ulid,
    standardName: z.string().meta({ description: '标准名称（R6.1）：{区/县名}{街道/镇名}社会工作服务站' }),
    districtCode: DistrictCode,
    districtName: z.string(),
    streetCode: StreetCode,
    streetName: z.string(),
    address: z.string(),
    openedOn: z.string().optional(),
    featuredBrand: z.string().optional().meta({ description: '特色服务品牌（R4.1）' }),
    keyTargetGroups: z.array(z.string()).meta({ description: '重点服务对象（R4.1）' }),
    operator: z
      .object({ name: z.string() })
      .optional()
      .meta({ description: '承接方（在履行的服务合同）；暂无合同时缺省' }),
    serviceYear: z
      .object({ n: z.number().int(), start: z.string(), end: z.string() })
      .optional()
      .meta({ description: '合同当前所处的服务年度' }),
    focusDomains: z
      .array(z.object({ code: z.enum(SERVICE_DOMAINS), name: z.string() }))
      .meta({ description: '当前服务年度的重点服务领域（R4.1，附件1）；尚未确定时为空' }),
  })
  .meta({ id: 'PublicStation', description: '社工站名录中的一个运营中的社工站（不含任何个人信息）' });

export const PublicStationPage = /* @__PURE__ */ page(PublicStationView).meta({ id: 'PublicStationPage' });

export const PublicStationSummaryView = /* @__PURE__ */ z
  .object({
    total: z.number().int().meta({ description: '全市运营中的社工站数' }),
    districts: z
      .array(z.object({ code: DistrictCode, name: z.string(), stations: z.number().int() }))
      .meta({ description: '济南市每个区县级单位（含没有社工站的）及其运营中的社工站数，按区划代码排序' }),
  })
  .meta({ id: 'PublicStationSummary' });
