import { type TableId, tables } from '#shared/adapters/dynamodb/tables';
import { CHANNELS, type ChannelId } from '#shared/domain/notify/delivery';

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

/**
 * How the system e-mails notices — the stage's setting, not the function's: on AWS every function of a stage with
 * mail has `MAIL_ENABLED`, so each creates e-mail deliveries for the notices it commits, and only the
 * notice-delivery job, which sends them, holds `MAIL_FROM` (shared/adapters/mail/mailer.ts). Locally
 * `MAIL_OUTBOX_DIR`.
 */
export const MAIL_ENABLED_ENV = 'MAIL_ENABLED';
export const mailTransport = (): 'ses' | 'outbox' | 'none' =>
  process.env.MAIL_FROM || process.env[MAIL_ENABLED_ENV] === 'true'
    ? 'ses'
    : process.env.MAIL_OUTBOX_DIR
      ? 'outbox'
      : 'none';

/**
 * The channels the stage delivers notices on besides the in-app inbox (shared/adapters/notify/channels.ts). Every
 * function of the stage has `NOTICE_CHANNELS` (e.g. `sms,webhook`; e-mail counts when mail is on, see above), so
 * each puts the notices it commits in the notice outbox; only the functions that send hold a channel's own settings
 * (`SMS_*`, `WEBHOOK_*`: the notice-delivery job alone).
 */
export const NOTICE_CHANNELS_ENV = 'NOTICE_CHANNELS';
export const stageChannels = (): ChannelId[] => {
  const listed = (process.env[NOTICE_CHANNELS_ENV] ?? '').split(',').map((c) => c.trim());
  return CHANNELS.filter((c) => (c === 'email' && mailTransport() !== 'none') || listed.includes(c));
};
export const noticeOutboxEnabled = (): boolean => stageChannels().length > 0;

/** The settings of the SMS gateway and of the webhook, by environment variable (set by the CDK or infra/local). */
export const SMS_ENV = {
  provider: 'SMS_PROVIDER',
  endpoint: 'SMS_ENDPOINT',
  secret: 'SMS_SECRET',
  signName: 'SMS_SIGN_NAME',
  appId: 'SMS_APP_ID',
  region: 'SMS_REGION',
  templates: 'SMS_TEMPLATES',
} as const;
export const WEBHOOK_ENV = {
  url: 'WEBHOOK_URL',
  format: 'WEBHOOK_FORMAT',
  secret: 'WEBHOOK_SECRET',
} as const;
export const envOf = (name: string): string | undefined => process.env[name] || undefined;

/**
 * Field-level encryption of personal data (shared/adapters/crypto/field-crypto.ts). On AWS the CDK sets
 * `FIELD_KEY_ID` (the customer-managed KMS key) on exactly the functions that seal or reveal personal data; without
 * it a function running in Lambda refuses to seal or open anything. Locally a 256-bit master key stands in for KMS:
 * `LOCAL_FIELD_KEY` (base64), else the file `LOCAL_FIELD_KEY_FILE` (the local runtime sets it under its data
 * directory), else `<DATA_DIR or .data>/local-field-key`; the file is created once, readable by its owner only.
 */
export const FIELD_KEY_ENV = 'FIELD_KEY_ID';
export const fieldKeyId = (): string | undefined => process.env[FIELD_KEY_ENV] || undefined;
export const runsInLambda = (): boolean => Boolean(process.env.AWS_LAMBDA_FUNCTION_NAME);
export const localFieldKey = (): string | undefined => process.env.LOCAL_FIELD_KEY || undefined;
export const localFieldKeyFile = (): string =>
  process.env.LOCAL_FIELD_KEY_FILE || `${process.env.DATA_DIR || '.data'}/local-field-key`;
