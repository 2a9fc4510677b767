import * as z from 'zod';
import { EXPORT_KINDS } from '#shared/domain/exports/export';
import { DistrictCode, Reason, StreetCode, Ulid } from './common.schema';

/** Export (导出 Excel): what to export, in which scope, masked or not; the answer is a short-lived download link. */
const Kind = z.enum(EXPORT_KINDS).meta({
  description: 'stations 社工站；contracts 服务合同；workers 社工；recipients 服务对象；volunteers 志愿者',
});

export const CreateExportBody = z
  .strictObject({
    kind: Kind,
    districtCode: DistrictCode.optional().meta({
      description: '区县；不填：本人辖区（市级：全市，服务对象除外）',
    }),
    streetCode: StreetCode.optional().meta({ description: '街道（镇），缩小到一个街道' }),
    unmasked: z
      .boolean()
      .optional()
      .meta({ description: '导出完整个人信息（仅区县民政部门、仅社工与服务对象；须填写理由，记入审计）' }),
    reason: Reason.optional().meta({ description: '导出完整个人信息的理由（记入审计）' }),
  })
  .meta({ id: 'CreateExport' });

export const ExportView = z
  .object({
    id: Ulid,
    kind: Kind,
    fileName: z.string(),
    downloadUrl: z.string().meta({ description: '下载地址（5 分钟内有效）' }),
    expiresAt: z.string(),
    rows: z.number().int().min(0),
    unmasked: z.boolean(),
  })
  .meta({ id: 'Export' });
