import { Duration, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  FeaturePlan,
  Mfa,
  StringAttribute,
  UserPool,
  type UserPoolClient,
  UserPoolGroup,
} from 'aws-cdk-lib/aws-cognito';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  HttpMethods,
  ObjectLockRetention,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { tables } from '#shared/adapters/dynamodb/tables';
import { ROLES } from '#shared/domain/access/roles';
import { physicalBucketName, type StageConfig } from '../config';
import { AppTable } from '../constructs/app-table.construct';

export interface StatefulStackProps extends StackProps {
  readonly config: StageConfig;
}

/**
 * Everything that holds data and must outlive a redeploy: the tables, the buckets and the user pool. All are
 * retained on removal; tables are deletion-protected; nothing here is replaced by a code change.
 */
export class StatefulStack extends Stack {
  readonly mainTable: Table;
  readonly auditTable: Table;
  readonly reportsBucket: Bucket;
  readonly archiveBucket: Bucket;
  readonly userPool: UserPool;
  readonly userPoolClient: UserPoolClient;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.mainTable = new AppTable(this, 'Main', {
      definition: tables.main,
      removalPolicy: config.removalPolicy,
    }).table;
    this.auditTable = new AppTable(this, 'Audit', {
      definition: tables.audit,
      removalPolicy: config.removalPolicy,
    }).table;

    const accessLogs = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      removalPolicy: config.removalPolicy,
      lifecycleRules: [{ expiration: Duration.days(400) }],
    });
    Validations.of(accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This bucket is the server access log destination; logging it into itself would loop.',
    });

    /** Uploaded reports (R9.3/R9.4): browsers PUT to presigned URLs under uploads/; versioned so nothing is lost. */
    this.reportsBucket = new Bucket(this, 'Reports', {
      bucketName: physicalBucketName(config, 'reports'),
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'reports/',
      removalPolicy: config.removalPolicy,
      cors: [
        {
          allowedMethods: [HttpMethods.PUT],
          allowedOrigins: [...config.allowedOrigins],
          allowedHeaders: ['content-type', 'content-md5', 'x-amz-*'],
          maxAge: 3000,
        },
      ],
    });

    /** Archives under retention (R10.1): Object Lock so no object can be deleted before its retention ends. */
    this.archiveBucket = new Bucket(this, 'Archive', {
      bucketName: physicalBucketName(config, 'archive'),
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      objectLockEnabled: true,
      objectLockDefaultRetention:
        config.archiveLockMode === 'compliance'
          ? ObjectLockRetention.compliance(config.archiveRetention)
          : ObjectLockRetention.governance(config.archiveRetention),
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'archive/',
      removalPolicy: config.removalPolicy,
    });

    /** Users: groups are roles; custom attributes carry the scope the handlers check. */
    this.userPool = new UserPool(this, 'Users', {
      selfSignUpEnabled: false,
      signInAliases: { username: true },
      signInCaseSensitive: false,
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      featurePlan: FeaturePlan.PLUS,
      passwordPolicy: {
        minLength: 12,
        requireDigits: true,
        requireLowercase: true,
        requireUppercase: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      customAttributes: {
        district: new StringAttribute({ minLen: 6, maxLen: 6, mutable: true }),
        street: new StringAttribute({ minLen: 9, maxLen: 12, mutable: true }),
        org: new StringAttribute({ minLen: 1, maxLen: 64, mutable: true }),
      },
      deletionProtection: true,
      removalPolicy: config.removalPolicy,
    });
    for (const role of ROLES) {
      new UserPoolGroup(this, `Group-${role}`, {
        userPool: this.userPool,
        groupName: role,
        description: role,
      });
    }
    this.userPoolClient = this.userPool.addClient('WebClient', {
      generateSecret: false,
      authFlows: { userSrp: true },
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(1),
    });
  }
}
