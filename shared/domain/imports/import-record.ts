import type { ImportKindId, ImportMode, ImportStatus, RowIssue } from './import';

/** At most this many issues are kept on the record (a DynamoDB item holds 400 KB); the counts are always whole. */
export const MAX_STORED_ISSUES = 1500;

/**
 * An uploaded import file (personal data in clear: ID numbers, phones) is deleted from the bucket this many days
 * after its upload (the bucket's lifecycle rule, infra/stacks/stateful-stack.ts). The record keeps what the import
 * did; an interrupted import resumes from the file uploaded again.
 */
export const IMPORT_FILE_RETENTION_DAYS = 7;

/** Who asked for the import, as the trigger acts for them (their scope decides every row). */
export interface ImportUploader {
  readonly sub: string;
  readonly username: string;
  readonly roles: readonly string[];
  readonly district?: string;
  readonly street?: string;
  readonly org?: string;
}

/** One bulk import (批量导入): one file of one kind, its checks and its progress. */
export interface ImportRecord {
  readonly id: string;
  readonly kind: ImportKindId;
  readonly mode: ImportMode;
  readonly fileName: string;
  readonly format: 'xlsx' | 'csv';
  readonly key: string;
  readonly bytes: number;
  readonly uploadedBy: ImportUploader;
  /** The scope the import belongs to: the uploader's district, or organisation for an operator. */
  readonly districtCode?: string;
  readonly orgId?: string;
  readonly status: ImportStatus;
  readonly sha256?: string;
  /** Data rows in the file (blank rows not counted). */
  readonly totalRows?: number;
  readonly badRows?: number;
  readonly issues?: readonly RowIssue[];
  readonly issuesTruncated?: boolean;
  /** Rows written by this import, rows found already imported (skipped), rows refused while writing. */
  readonly imported?: number;
  readonly skipped?: number;
  readonly failed?: number;
  readonly batches?: number;
  /** The earlier import of the same file (status duplicate). */
  readonly duplicateOf?: string;
  readonly message?: string;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly finishedAt?: string;
}

/** The scope key of file markers: the same file imported by two districts is two imports. */
export const importScopeKey = (r: Pick<ImportRecord, 'districtCode' | 'orgId'>) =>
  r.orgId ? `ORG#${r.orgId}` : `DISTRICT#${r.districtCode ?? 'CITY'}`;
