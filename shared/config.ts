import { type TableId, tables } from '#shared/adapters/dynamodb/tables';

/**
 * Runtime configuration, read from the environment the CDK app (or the local runtime) sets on each function.
 * Locally the endpoints point at DynamoDB Local and s3rver; on AWS they are absent and the SDK's defaults apply.
 */
export const tableName = (id: TableId): string => process.env[tables[id].envVar] ?? tables[id].localName;

export const bucketEnvVar = { reports: 'REPORTS_BUCKET_NAME', archive: 'ARCHIVE_BUCKET_NAME' } as const;
export const localBucketName = { reports: 'sgz-reports', archive: 'sgz-archive' } as const;
export const bucketName = (id: keyof typeof bucketEnvVar): string =>
  process.env[bucketEnvVar[id]] ?? localBucketName[id];

export const dynamoEndpoint = (): string | undefined => process.env.DYNAMODB_ENDPOINT || undefined;
export const s3Endpoint = (): string | undefined => process.env.S3_ENDPOINT || undefined;
export const appVersion = (): string => process.env.APP_VERSION ?? '0.1.0';
