import { putObject } from './presign';

/**
 * Exports (导出) under `exports/` of the reports bucket: a workbook written once by the export route and read through
 * a short-lived presigned GET. Nothing triggers on the prefix. On AWS the bucket's lifecycle may expire the prefix;
 * the object key is a ULID, so a link cannot be guessed.
 */
export const EXPORT_PREFIX = 'exports/';
export const exportKey = (id: string) => `${EXPORT_PREFIX}${id}.xlsx`;
export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Puts the finished workbook under `key` (a presigned PUT: the export route carries no S3 client). Its zipped bytes
 * are small beside the rows they hold (a few MB for tens of thousands of rows); it is the rows that the streaming
 * writer keeps out of memory.
 */
export async function putExportFile(key: string, bytes: Uint8Array): Promise<void> {
  await putObject('reports', key, bytes, XLSX_CONTENT_TYPE);
}
