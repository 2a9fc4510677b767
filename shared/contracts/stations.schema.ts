import * as z from 'zod';
import { parseHundredths } from '#shared/domain/measure/hundredths';
import { FUNCTIONAL_AREA_KINDS, STATION_STATUSES, WORK_SYSTEM_KINDS } from '#shared/domain/stations/station';
import {
  Cursor,
  DistrictCode,
  IsoDateString,
  Limit,
  ObjectKey,
  page,
  Reason,
  StreetCode,
  Ulid,
  Version,
} from './common.schema';

const Text = (max: number) => z.string().trim().min(1).max(max);

export const StationParams = /* @__PURE__ */ z.strictObject({ id: Ulid });

export const CreateStationBody = /* @__PURE__ */ z
  .strictObject({
    districtCode: DistrictCode,
    streetCode: StreetCode,
    address: Text(200),
    openedOn: IsoDateString.optional(),
    featuredBrand: Text(100).optional(),
    keyTargetGroups: z.array(Text(50)).max(10).optional(),
    reason: Reason.optional(),
  })
  .meta({ id: 'CreateStation' });

export const UpdateStationBody = /* @__PURE__ */ z
  .strictObject({
    version: Version,
    address: Text(200).optional(),
    openedOn: IsoDateString.optional(),
    featuredBrand: Text(100).nullable().optional(),
    keyTargetGroups: z.array(Text(50)).max(10).optional(),
    status: z.enum(STATION_STATUSES).optional(),
    reason: Reason.optional(),
  })
  .refine((b) => Object.keys(b).some((k) => k !== 'version' && k !== 'reason'), '至少修改一个字段')
  .meta({ id: 'UpdateStation' });

export const ListStationsQuery = /* @__PURE__ */ z.strictObject({
  district: DistrictCode.optional(),
  street: StreetCode.optional(),
  status: z.enum(STATION_STATUSES).optional(),
  limit: Limit,
  cursor: Cursor.optional(),
});

/** An area in m² with at most two decimals, as a number or a string; read exactly. */
export const SquareMetres = /* @__PURE__ */ z
  .union([z.number(), z.string()])
  .refine((v) => parseHundredths(v) !== undefined, '面积应为非负数，最多两位小数')
  .meta({ description: '平方米，最多两位小数', example: '25.50' });

export const SiteBody = /* @__PURE__ */ z
  .strictObject({
    version: Version,
    location: z.strictObject({
      transport: Text(500),
      accessibility: Text(500),
      notes: Text(1000).optional(),
    }),
    equipment: z.strictObject({
      desks: z.number().int().min(0).max(1000),
      computers: z.number().int().min(0).max(1000),
      printers: z.number().int().min(0).max(1000),
    }),
    functionalAreas: z
      .array(
        z.strictObject({
          kind: z.enum(FUNCTIONAL_AREA_KINDS),
          areaM2: SquareMetres,
          shared: z.boolean().default(false),
          note: Text(200).optional(),
        }),
      )
      .max(FUNCTIONAL_AREA_KINDS.length),
    reason: Reason.optional(),
  })
  .meta({ id: 'StationSite' });

const PlaqueBody = /* @__PURE__ */ z.strictObject({
  present: z.boolean(),
  photoKeys: z.array(ObjectKey).max(10),
  installedOn: IsoDateString.optional(),
});

export const SignageBody = /* @__PURE__ */ z
  .strictObject({ version: Version, outdoor: PlaqueBody, indoor: PlaqueBody, reason: Reason.optional() })
  .meta({ id: 'StationSignage' });

const WorkSystemDocumentBody = /* @__PURE__ */ z.strictObject({
  title: Text(200),
  documentKey: ObjectKey,
  adoptedOn: IsoDateString,
});

export const WorkSystemsBody = /* @__PURE__ */ z
  .strictObject({
    version: Version,
    systems: z.strictObject(
      Object.fromEntries(WORK_SYSTEM_KINDS.map((k) => [k, WorkSystemDocumentBody.optional()])) as Record<
        (typeof WORK_SYSTEM_KINDS)[number],
        z.ZodOptional<typeof WorkSystemDocumentBody>
      >,
    ),
    reason: Reason.optional(),
  })
  .meta({ id: 'StationWorkSystems' });

const PlaqueView = /* @__PURE__ */ z.object({
  present: z.boolean(),
  photoKeys: z.array(z.string()),
  installedOn: z.string().optional(),
});

export const StationView = /* @__PURE__ */ z
  .object({
    id: Ulid,
    districtCode: DistrictCode,
    districtName: z.string(),
    streetCode: StreetCode,
    streetName: z.string(),
    standardName: z.string().meta({ description: '标准名称（R6.1，自动生成）' }),
    address: z.string(),
    openedOn: z.string().optional(),
    featuredBrand: z.string().optional(),
    keyTargetGroups: z.array(z.string()),
    status: z.enum(STATION_STATUSES),
    site: z
      .object({
        location: z.object({
          transport: z.string(),
          accessibility: z.string(),
          notes: z.string().optional(),
        }),
        equipment: z.object({ desks: z.number(), computers: z.number(), printers: z.number() }),
        functionalAreas: z.array(
          z.object({
            kind: z.enum(FUNCTIONAL_AREA_KINDS),
            areaM2: z.string(),
            shared: z.boolean(),
            note: z.string().optional(),
          }),
        ),
      })
      .optional(),
    signage: z.object({ outdoor: PlaqueView, indoor: PlaqueView }).optional(),
    workSystems: z
      .record(z.string(), z.object({ title: z.string(), documentKey: z.string(), adoptedOn: z.string() }))
      .optional(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Station' });

export const StationPage = /* @__PURE__ */ page(StationView).meta({ id: 'StationPage' });

export const ComplianceView = /* @__PURE__ */ z
  .object({
    stationId: Ulid,
    standardName: z.string(),
    compliant: z.boolean(),
    flags: z.array(
      z.object({
        rule: z.string(),
        code: z.string(),
        status: z.enum(['ok', 'flag', 'unknown']),
        title: z.string(),
        detail: z.string().optional(),
      }),
    ),
    policyWarning: z
      .object({ code: z.string(), message: z.string() })
      .optional()
      .meta({ description: '当日无有效政策版本时的提示（R30.1）' }),
  })
  .meta({ id: 'StationCompliance' });
