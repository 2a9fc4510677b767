import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  OAuthScope,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  type UserPoolClient,
  UserPoolGroup,
} from 'aws-cdk-lib/aws-cognito';
import { Key } from 'aws-cdk-lib/aws-kms';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  HttpMethods,
  ObjectLockRetention,
} from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { tables } from '#shared/adapters/dynamodb/tables';
import { ROLES } from '#shared/domain/access/roles';
import { IMPORT_FILE_RETENTION_DAYS } from '#shared/domain/imports/import-record';
import type { StageConfig } from '../config';
import { provideFieldKey } from '../constructs/app-function.construct';
import { AppTable } from '../constructs/app-table.construct';

export interface StatefulStackProps extends StackProps {
  readonly config: StageConfig;
}

/** A bucket as the other stacks see it: its name, through a named CloudFormation export. */
export interface BucketRef {
  readonly bucketName: string;
}

/**
 * Everything that holds data and must outlive any redeploy: the two tables, the KMS key personal data is sealed
 * under, the report and archive buckets (and their access-log bucket) and the user pool. All of it is retained on
 * removal whatever the stage; the tables and the user pool are deletion-protected, the archive is under Object
 * Lock (R10.1). Nothing here depends on code, so a change to a handler never touches this stack.
 */
export class StatefulStack extends Stack {
  readonly mainTable: AppTable;
  readonly auditTable: AppTable;
  /**
   * The master key of field-level encryption (PIPL): ID-card numbers, phones and complainants' details are sealed
   * under data keys it generates (shared/adapters/crypto/field-crypto.ts). Customer managed, rotated yearly,
   * retained. Only the functions of the routes in PERSONAL_DATA_ROUTES are granted it, one action each.
   */
  readonly fieldKey: Key;
  readonly reportsBucket: Bucket;
  readonly archiveBucket: Bucket;
  /**
   * Bucket names for the API and jobs stacks, exported under fixed names (`<stack>-ReportsBucketName`). A fixed
   * name makes the consumers' IAM resources (`arn:…:s3:::<import>/uploads/*`) known when they are constructed,
   * which the cdk-nag acknowledgment of those prefixes needs; the consumers declare the stack dependency.
   */
  readonly bucketRefs: { readonly reports: BucketRef; readonly archive: BucketRef };
  /** The Cognito user pool and its web client, when the stage signs users in with Cognito (config.identity). */
  readonly userPool?: UserPool;
  readonly userPoolClient?: UserPoolClient;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.mainTable = new AppTable(this, 'Main', { definition: tables.main });
    this.auditTable = new AppTable(this, 'Audit', { definition: tables.audit });

    this.fieldKey = new Key(this, 'FieldKey', {
      description: `sgz ${config.stage}: field-level encryption of personal data (ID numbers, phones, complainants)`,
      alias: `sgz-${config.stage}-personal-data`,
      enableKeyRotation: true,
      // Whatever the stage: without the key, the sealed fields it protects can never be read again.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    provideFieldKey(this, this.fieldKey);

    /** Server access logs of both buckets: who read or wrote which report or archive object. */
    const accessLogs = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        // Kept as long as the shortest archive retention, so an archive object's access history outlives no less.
        { expiration: config.archiveRetention, noncurrentVersionExpiration: Duration.days(30) },
      ],
    });
    Validations.of(accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This bucket is the server access log destination of the reports and archive buckets; logging its own access into itself would create a log record for every log delivery, without end.',
    });

    /**
     * Uploaded reports (R9.3, R9.4): browsers PUT to presigned URLs under uploads/ (hence CORS); versioned, so an
     * overwrite never loses the bytes that were validated; no lifecycle rule expires a report (R10.1). Only the
     * exports (exports/, issue 19: registers as .xlsx, some with personal data in full) expire, a day after they were
     * written: each is fetched once through its 5-minute link, and the audit record says what it held. So do the
     * import files (imports/, issue 19: spreadsheets of workers and service recipients, ID numbers in clear) a week
     * after their upload: the trigger reads a file once, the import record keeps its SHA-256, counts and every bad
     * row, and an interrupted import resumes from the same file uploaded again, not from the stored one.
     */
    this.reportsBucket = new Bucket(this, 'Reports', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'reports/',
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        { abortIncompleteMultipartUploadAfter: Duration.days(7) },
        {
          id: 'ExportsExpire',
          prefix: 'exports/',
          expiration: Duration.days(1),
          noncurrentVersionExpiration: Duration.days(1),
        },
        {
          id: 'ImportsExpire',
          prefix: 'imports/',
          expiration: Duration.days(IMPORT_FILE_RETENTION_DAYS),
          noncurrentVersionExpiration: Duration.days(1),
        },
      ],
      cors: [
        {
          allowedMethods: [HttpMethods.PUT],
          allowedOrigins: [...config.allowedOrigins],
          allowedHeaders: ['content-type', 'content-md5', 'x-amz-*'],
          exposedHeaders: ['ETag'],
          maxAge: 3000,
        },
      ],
    });

    /**
     * Archives (R10.1): Object Lock with the stage's default retention, so that no object version can be deleted
     * or overwritten before its retention ends, by API or by lifecycle; longer rules are set per object.
     */
    this.archiveBucket = new Bucket(this, 'Archive', {
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
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.bucketRefs = {
      reports: {
        bucketName: this.exportValue(this.reportsBucket.bucketName, {
          name: `${this.stackName}-ReportsBucketName`,
        }),
      },
      archive: {
        bucketName: this.exportValue(this.archiveBucket.bucketName, {
          name: `${this.stackName}-ArchiveBucketName`,
        }),
      },
    };

    if (config.identity.kind === 'cognito') {
      const users = this.createUserPool(config);
      this.userPool = users.userPool;
      this.userPoolClient = users.userPoolClient;
    }
  }

  private createUserPool(config: StageConfig): { userPool: UserPool; userPoolClient: UserPoolClient } {
    /**
     * The people: accounts are created by an administrator (no self sign-up), a role is a group and the scope
     * (district, street, organisation) is a custom attribute, both carried by the ID token the API verifies.
     * MFA is required, by authenticator app only: the system holds personal data of service users and public
     * money, and SMS codes are weaker (SIM swap) and need a registered sender.
     */
    const userPool = new UserPool(this, 'Users', {
      selfSignUpEnabled: false,
      signInAliases: { username: true },
      signInCaseSensitive: false,
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      // Plus: compromised-credential detection and adaptive authentication, enforced.
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      passwordPolicy: {
        minLength: 12,
        requireDigits: true,
        requireLowercase: true,
        requireUppercase: true,
        requireSymbols: true,
        passwordHistorySize: 5,
        tempPasswordValidity: Duration.days(3),
      },
      customAttributes: {
        /** 区县 code (GB/T 2260, 6 digits). */
        district: new StringAttribute({ minLen: 6, maxLen: 6, mutable: true }),
        /** 街道/镇 code (统计用区划代码, 9 or 12 digits). */
        street: new StringAttribute({ minLen: 9, maxLen: 12, mutable: true }),
        /** Organisation id of an operator, third party or department. */
        org: new StringAttribute({ minLen: 1, maxLen: 64, mutable: true }),
      },
      userInvitation: {
        emailSubject: '济南市社会工作服务站管理系统账号',
        emailBody:
          '您的账号已开通。用户名：{username}，临时密码：{####}。首次登录须修改密码并绑定身份验证器。',
      },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const role of ROLES) {
      new UserPoolGroup(this, `Group-${role}`, {
        userPool,
        groupName: role,
        description: `Members act as ${role}, within the scope their district/street/org attributes give.`,
      });
    }
    /**
     * The web app: a public client (no secret). It reads the scope attributes (so they are in the ID token) but
     * cannot write them: a user must not be able to move themselves to another district. With the portal deployed
     * it signs in through the hosted sign-in page (authorization code with PKCE, the portal's
     * /console/callback on each allowed origin); SRP stays for scripted clients.
     */
    const portalCallbacks = config.portal
      ? config.allowedOrigins.map((origin) => `${origin}/console/callback`)
      : [];
    if (config.portal) {
      const domain = userPool.addDomain('SignIn', {
        cognitoDomain: { domainPrefix: config.cognitoDomainPrefix },
      });
      new CfnOutput(this, 'SignInDomain', { value: domain.baseUrl() });
    }
    const userPoolClient = userPool.addClient('WebClient', {
      generateSecret: false,
      authFlows: { userSrp: true },
      ...(config.portal
        ? {
            oAuth: {
              flows: { authorizationCodeGrant: true },
              scopes: [OAuthScope.OPENID, OAuthScope.PROFILE, OAuthScope.EMAIL],
              callbackUrls: portalCallbacks,
              logoutUrls: config.allowedOrigins.map((origin) => `${origin}/gs`),
            },
          }
        : { disableOAuth: true }),
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      readAttributes: new ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, fullname: true })
        .withCustomAttributes('district', 'street', 'org'),
      writeAttributes: new ClientAttributes().withStandardAttributes({ fullname: true }),
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });

    new CfnOutput(this, 'UserPoolId', { value: userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: userPoolClient.userPoolClientId });
    return { userPool, userPoolClient };
  }
}
