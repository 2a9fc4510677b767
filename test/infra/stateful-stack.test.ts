import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { tables } from '#shared/adapters/dynamodb/tables';
import { ROLES } from '#shared/domain/access/roles';
import { logicalIdOf, type Synthesized, synthesize } from './synth';

describe('the stateful stack', () => {
  let built: Synthesized;
  beforeAll(() => {
    built = synthesize();
  });

  describe('tables', () => {
    it.each(Object.entries(tables))(
      'builds the %s table from its shared definition: keys, every GSI projecting all attributes, TTL',
      (id, def) => {
        const table = id === 'main' ? built.stateful.mainTable : built.stateful.auditTable;
        const resource =
          built.templates.stateful.findResources('AWS::DynamoDB::Table')[
            logicalIdOf(built.stateful, table.table)
          ];

        expect(resource?.Properties.KeySchema).toEqual([
          { AttributeName: def.partitionKey, KeyType: 'HASH' },
          { AttributeName: def.sortKey, KeyType: 'RANGE' },
        ]);
        expect(resource?.Properties.GlobalSecondaryIndexes).toEqual(
          def.indexes.map((index) => ({
            IndexName: index.name,
            KeySchema: [
              { AttributeName: index.partitionKey, KeyType: 'HASH' },
              { AttributeName: index.sortKey, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          })),
        );
        const ttl = 'timeToLiveAttribute' in def ? def.timeToLiveAttribute : undefined;
        expect(resource?.Properties.TimeToLiveSpecification).toEqual(
          ttl ? { AttributeName: ttl, Enabled: true } : undefined,
        );
      },
    );

    it('bills every table on demand, with point-in-time recovery, deletion protection and encryption', () => {
      const found = Object.values(built.templates.stateful.findResources('AWS::DynamoDB::Table'));

      expect(found).toHaveLength(Object.keys(tables).length);
      for (const table of found) {
        expect(table.Properties).toMatchObject({
          BillingMode: 'PAY_PER_REQUEST',
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          DeletionProtectionEnabled: true,
          SSESpecification: { SSEEnabled: true },
        });
        expect(table.DeletionPolicy).toBe('Retain');
      }
    });

    it('retains the tables even in a stage whose other resources are destroyed', () => {
      const test = synthesize({ stage: 'test' });

      for (const table of Object.values(test.templates.stateful.findResources('AWS::DynamoDB::Table'))) {
        expect(table.DeletionPolicy).toBe('Retain');
      }
    });
  });

  describe('the field key (personal data, PIPL)', () => {
    it('is one customer-managed symmetric KMS key with yearly rotation, retained whatever the stage', () => {
      for (const stage of [built, synthesize({ stage: 'test' })]) {
        const keys = Object.values(stage.templates.stateful.findResources('AWS::KMS::Key'));
        expect(keys).toHaveLength(1);
        expect(keys[0]?.Properties).toMatchObject({ EnableKeyRotation: true });
        expect(keys[0]?.Properties.KeySpec ?? 'SYMMETRIC_DEFAULT').toBe('SYMMETRIC_DEFAULT');
        expect(keys[0]?.Properties.Enabled ?? true).toBe(true);
        expect(keys[0]?.DeletionPolicy).toBe('Retain');
        expect(keys[0]?.UpdateReplacePolicy).toBe('Retain');
      }
      const key = logicalIdOf(built.stateful, built.stateful.fieldKey);
      expect(
        Object.values(built.templates.stateful.findResources('AWS::KMS::Alias')).map((a) => [
          a.Properties.AliasName,
          a.Properties.TargetKeyId,
        ]),
      ).toEqual([[`alias/sgz-${built.config.stage}-personal-data`, { 'Fn::GetAtt': [key, 'Arn'] }]]);
    });
  });

  describe('buckets', () => {
    const bucketIds = () => ({
      reports: logicalIdOf(built.stateful, built.stateful.reportsBucket),
      archive: logicalIdOf(built.stateful, built.stateful.archiveBucket),
    });

    it('blocks public access, encrypts, versions and retains every bucket', () => {
      const buckets = Object.values(built.templates.stateful.findResources('AWS::S3::Bucket'));

      expect(buckets).toHaveLength(3); // reports, archive, their access logs
      for (const bucket of buckets) {
        expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        });
        expect(bucket.Properties.BucketEncryption).toBeDefined();
        expect(bucket.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
        expect(bucket.DeletionPolicy).toBe('Retain');
      }
    });

    it('denies every request to every bucket that does not use TLS', () => {
      const buckets = Object.keys(built.templates.stateful.findResources('AWS::S3::Bucket'));
      const tlsOnly = Object.values(built.templates.stateful.findResources('AWS::S3::BucketPolicy'))
        .filter((policy) =>
          (policy.Properties.PolicyDocument.Statement as Record<string, unknown>[]).some(
            (s) =>
              s.Effect === 'Deny' &&
              s.Action === 's3:*' &&
              JSON.stringify(s.Condition) === JSON.stringify({ Bool: { 'aws:SecureTransport': 'false' } }),
          ),
        )
        .map((policy) => policy.Properties.Bucket.Ref);

      expect(tlsOnly.sort()).toEqual(buckets.sort());
    });

    it('logs every access to the reports and archive buckets into the access-log bucket', () => {
      const all = built.templates.stateful.findResources('AWS::S3::Bucket');
      const { reports, archive } = bucketIds();
      const logBucket = Object.keys(all).find((id) => id !== reports && id !== archive);

      for (const id of [reports, archive]) {
        expect(all[id]?.Properties.LoggingConfiguration.DestinationBucketName).toEqual({ Ref: logBucket });
      }
    });

    it('lets browsers PUT to presigned report URLs from the allowed origins only', () => {
      const reports = built.templates.stateful.findResources('AWS::S3::Bucket')[bucketIds().reports];

      expect(reports?.Properties.CorsConfiguration.CorsRules).toEqual([
        expect.objectContaining({
          AllowedMethods: ['PUT'],
          AllowedOrigins: [...built.config.allowedOrigins],
        }),
      ]);
    });

    it('never expires a report or an archive object by lifecycle (R10.1); only exports/ expire, after a day, and import files, after a week', () => {
      const all = built.templates.stateful.findResources('AWS::S3::Bucket');
      const exportRules = (all[bucketIds().reports]?.Properties.LifecycleConfiguration?.Rules ?? []).filter(
        (r: Record<string, unknown>) => r.Prefix === 'exports/',
      );
      expect(exportRules).toEqual([
        expect.objectContaining({
          Prefix: 'exports/',
          ExpirationInDays: 1,
          NoncurrentVersionExpiration: { NoncurrentDays: 1 },
          Status: 'Enabled',
        }),
      ]);
      const importRules = (all[bucketIds().reports]?.Properties.LifecycleConfiguration?.Rules ?? []).filter(
        (r: Record<string, unknown>) => r.Prefix === 'imports/',
      );
      expect(importRules).toEqual([
        expect.objectContaining({
          Prefix: 'imports/',
          ExpirationInDays: 7,
          NoncurrentVersionExpiration: { NoncurrentDays: 1 },
          Status: 'Enabled',
        }),
      ]);
      for (const id of Object.values(bucketIds())) {
        const rules = (all[id]?.Properties.LifecycleConfiguration?.Rules ?? []) as Record<string, unknown>[];
        for (const rule of rules.filter((r) => r.Prefix !== 'exports/' && r.Prefix !== 'imports/')) {
          expect(rule).not.toHaveProperty('ExpirationInDays');
          expect(rule).not.toHaveProperty('NoncurrentVersionExpiration');
        }
      }
    });

    it('locks archive objects in compliance mode for five years by default in production (R10.1)', () => {
      const archive = built.templates.stateful.findResources('AWS::S3::Bucket')[bucketIds().archive];

      expect(archive?.Properties).toMatchObject({
        ObjectLockEnabled: true,
        ObjectLockConfiguration: {
          ObjectLockEnabled: 'Enabled',
          Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 1827 } },
        },
      });
    });

    it('takes the archive retention and lock mode from the stage configuration', () => {
      const test = synthesize({ stage: 'test', archiveRetentionDays: 30 });

      test.templates.stateful.hasResourceProperties('AWS::S3::Bucket', {
        ObjectLockConfiguration: { Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 30 } } },
      });
    });
  });

  describe('user pool', () => {
    it('has exactly one group per role', () => {
      const groups = Object.values(built.templates.stateful.findResources('AWS::Cognito::UserPoolGroup')).map(
        (group) => group.Properties.GroupName,
      );

      expect(groups.sort()).toEqual([...ROLES].sort());
    });

    it('lets only administrators create accounts, signs in by username and requires an authenticator app', () => {
      built.templates.stateful.hasResourceProperties('AWS::Cognito::UserPool', {
        AdminCreateUserConfig: Match.objectLike({ AllowAdminCreateUserOnly: true }),
        UsernameAttributes: Match.absent(),
        MfaConfiguration: 'ON',
        EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
        UserPoolTier: 'PLUS',
        UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
        DeletionProtection: 'ACTIVE',
      });
    });

    it('requires long passwords with every character class', () => {
      built.templates.stateful.hasResourceProperties('AWS::Cognito::UserPool', {
        Policies: {
          PasswordPolicy: Match.objectLike({
            MinimumLength: 12,
            RequireLowercase: true,
            RequireUppercase: true,
            RequireNumbers: true,
            RequireSymbols: true,
          }),
        },
      });
    });

    it('carries the scope as string custom attributes district, street and org', () => {
      const [pool] = Object.values(built.templates.stateful.findResources('AWS::Cognito::UserPool'));
      const schema = (pool?.Properties.Schema ?? []) as { Name: string; AttributeDataType: string }[];
      const custom = schema.map(({ Name, AttributeDataType }) => [Name, AttributeDataType]);

      expect(custom).toEqual([
        ['district', 'String'],
        ['street', 'String'],
        ['org', 'String'],
      ]);
    });

    it('retains the user pool', () => {
      const [pool] = Object.values(built.templates.stateful.findResources('AWS::Cognito::UserPool'));

      expect(pool?.DeletionPolicy).toBe('Retain');
    });

    it('gives the web app a public client (code flow for the portal, SRP) that puts the scope in the ID token but cannot change it', () => {
      const [client] = Object.values(built.templates.stateful.findResources('AWS::Cognito::UserPoolClient'));

      expect(client?.Properties).toMatchObject({
        GenerateSecret: false,
        ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        AllowedOAuthFlows: ['code'],
      });
      expect(client?.Properties.ReadAttributes).toEqual(
        expect.arrayContaining(['custom:district', 'custom:street', 'custom:org']),
      );
      // Without an explicit list Cognito decides what the client may write; with one, no custom attribute.
      const writable = client?.Properties.WriteAttributes as string[] | undefined;
      expect(writable).toEqual(expect.any(Array));
      expect(writable?.filter((attribute) => attribute.startsWith('custom:'))).toEqual([]);
    });
  });
});
