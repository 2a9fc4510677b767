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
} as const satisfies Record<string, TriggerDefinition>;
