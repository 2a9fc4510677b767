import * as z from 'zod';
import { ARCHIVE_CATEGORIES } from '#shared/domain/archives/retention';
import { IsoDateString, Ulid } from './common.schema';

/** R10.1: `GET /archives` names exactly one of a contract or a station. */
export const ArchivesQuery = /* @__PURE__ */ z
  .strictObject({ contractId: Ulid.optional(), stationId: Ulid.optional() })
  .refine((q) => (q.contractId === undefined) !== (q.stationId === undefined), {
    message: '须且只能指定 contractId 或 stationId 之一',
    path: ['contractId'],
  })
  .meta({ id: 'ArchivesQuery' });

const ArchiveEntryView = /* @__PURE__ */ z
  .object({
    category: z.enum(ARCHIVE_CATEGORIES).meta({
      description:
        '档案类别：accounting 会计凭证；service_report 服务报告；evaluation_report 评估报告；service_record 服务档案；handover 移交文件',
    }),
    title: z.string(),
    key: z.string(),
    date: IsoDateString,
    retainUntil: IsoDateString.meta({ description: '保存期限（含当日）' }),
    sensitive: z.boolean().meta({ description: '含敏感个人信息（读取记入审计）' }),
    source: z.object({ type: z.string(), id: z.string() }),
    archive: z
      .object({
        status: z.enum(['pending', 'archived', 'missing']),
        lockedUntil: IsoDateString.optional(),
      })
      .meta({
        description: '归档副本（对象锁定，合规模式）：pending 待归档，archived 已锁定，missing 文件未上传',
      }),
  })
  .meta({ id: 'ArchiveEntry' });

export const ArchiveCatalogueView = /* @__PURE__ */ z
  .object({ contractId: Ulid, holder: z.string(), entries: z.array(ArchiveEntryView) })
  .meta({ id: 'ArchiveCatalogue' });

export const ArchiveCataloguesView = /* @__PURE__ */ z
  .object({ items: z.array(ArchiveCatalogueView) })
  .meta({ id: 'ArchiveCatalogues' });
