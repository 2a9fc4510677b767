import type { BucketName } from '#shared/manifest/definitions';

/** What runs when a file lands in a bucket. */
export interface TriggerDefinition {
  readonly bucket: BucketName;
  readonly prefix: string;
  readonly events: readonly ['s3:ObjectCreated:*'];
  readonly handler: string;
  readonly description: string;
  /** Data files (repository-relative) the handler reads at run time; the CDK copies them into its bundle. */
  readonly bundleFiles?: readonly string[];
  /**
   * What the function does with the objects under its prefix: `move` (read, copy to reports/ or quarantine/, delete
   * the upload: report validation) or `read` (read only: a bulk import keeps its file as the record of what was
   * imported). Default `move`.
   */
  readonly objects?: 'move' | 'read';
  /** Its timeout in minutes (default 2); a bulk import of 50,000 rows needs the Lambda maximum, 15. */
  readonly timeoutMinutes?: number;
}

export const triggers = {
  'validate-report': {
    bucket: 'reports',
    prefix: 'uploads/',
    events: ['s3:ObjectCreated:*'],
    handler: 'functions/storage/validate-report.handler.ts',
    description: 'R9.4 报告上传后校验',
    // pdf.js's CMaps and standard fonts: without them Chinese PDFs in predefined CJK encodings yield no text.
    bundleFiles: [
      'node_modules/pdfjs-dist/package.json',
      'node_modules/pdfjs-dist/cmaps',
      'node_modules/pdfjs-dist/standard_fonts',
    ],
  },
  'process-import': {
    bucket: 'reports',
    prefix: 'imports/',
    events: ['s3:ObjectCreated:*'],
    handler: 'functions/storage/process-import.handler.ts',
    description: '批量导入文件上传后逐行检查、分批写入',
    objects: 'read',
    timeoutMinutes: 15,
  },
} as const satisfies Record<string, TriggerDefinition>;
