import * as z from 'zod';
import { DistrictCode, StreetCode } from './common.schema';

export const StreetView = /* @__PURE__ */ z
  .object({ code: StreetCode, name: z.string() })
  .meta({ id: 'Street' });
export const DistrictView = /* @__PURE__ */ z
  .object({ code: DistrictCode, name: z.string(), streets: z.array(StreetView) })
  .meta({ id: 'District', description: '区县级单位及其街道/镇（官方区划代码）' });
export const DivisionsView = /* @__PURE__ */ z.array(DistrictView);
