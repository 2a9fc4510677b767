import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '#infra/build-app';
import { tables } from '#shared/adapters/dynamodb/tables';
import { ROLES } from '#shared/domain/access/roles';
import { jobs, type RouteDefinition, routes, triggers } from '#shared/manifest';

/**
 * The synthesized CloudFormation against the manifest and the table definitions. Asset bundling is skipped
 * (`aws:cdk:bundling-stacks: []`) to keep the test fast; `npx cdk synth` bundles for real.
 */
describe('the CDK app', () => {
  let built: ReturnType<typeof buildApp>;
  let api: Template;
  let stateful: Template;
  let jobsTemplate: Template;

  beforeAll(() => {
    built = buildApp({ 'aws:cdk:bundling-stacks': [] });
    // Synthesis runs the cdk-nag AwsSolutions pack and throws on any unacknowledged finding.
    built.app.synth();
    api = Template.fromStack(built.api);
    stateful = Template.fromStack(built.stateful);
    jobsTemplate = Template.fromStack(built.jobs);
  });

  it('synthesizes with zero unacknowledged cdk-nag AwsSolutions findings', () => {
    expect(() => buildApp({ 'aws:cdk:bundling-stacks': [] }).app.synth()).not.toThrow();
  });

  it('has exactly one API route per manifest route, public ones without an authorizer', () => {
    const declared = Object.values(routes as Record<string, RouteDefinition>);
    const found = api.findResources('AWS::ApiGatewayV2::Route');
    const byKey = Object.fromEntries(
      Object.values(found).map((r) => [
        r.Properties.RouteKey as string,
        r.Properties.AuthorizationType as string,
      ]),
    );
    expect(Object.keys(found)).toHaveLength(declared.length);
    expect(byKey).toEqual(
      Object.fromEntries(
        declared.map((r) => [`${r.method} ${r.path}`, r.access === 'public' ? 'NONE' : 'JWT']),
      ),
    );
  });

  it('verifies Cognito ID tokens with a JWT authorizer whose audience is the web client', () => {
    api.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Audience: Match.anyValue(), Issuer: Match.anyValue() },
    });
  });

  it('throttles the stage and writes access logs', () => {
    api.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      DefaultRouteSettings: { ThrottlingRateLimit: Match.anyValue(), ThrottlingBurstLimit: Match.anyValue() },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
    });
  });

  it('runs every function on nodejs22.x, arm64, with source maps enabled', () => {
    for (const template of [api, jobsTemplate]) {
      const functions = Object.values(template.findResources('AWS::Lambda::Function')).filter(
        (f) => f.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === 'sgz',
      );
      expect(functions.length).toBeGreaterThan(0);
      for (const f of functions) {
        expect(f.Properties.Runtime).toBe('nodejs22.x');
        expect(f.Properties.Architectures).toEqual(['arm64']);
        expect(f.Properties.Environment.Variables.NODE_OPTIONS).toBe('--enable-source-maps');
      }
    }
    const apiFunctions = Object.values(api.findResources('AWS::Lambda::Function')).filter(
      (f) => f.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === 'sgz',
    );
    expect(apiFunctions).toHaveLength(Object.keys(routes).length);
  });

  it('has one schedule per job, with its cron expression in Asia/Shanghai and a dead-letter queue', () => {
    const schedules = Object.values(jobsTemplate.findResources('AWS::Scheduler::Schedule'));
    expect(schedules).toHaveLength(Object.keys(jobs).length);
    expect(schedules.map((s) => s.Properties.ScheduleExpression).sort()).toEqual(
      Object.values(jobs)
        .map((j) => j.schedule)
        .sort(),
    );
    for (const s of schedules) {
      expect(s.Properties.ScheduleExpressionTimezone).toBe('Asia/Shanghai');
      expect(s.Properties.Target.DeadLetterConfig).toBeDefined();
      expect(s.Properties.Target.Input).toContain('<aws.scheduler.scheduled-time>');
    }
  });

  it('invokes the report trigger on ObjectCreated under the manifest prefix', () => {
    const [trigger] = Object.values(triggers);
    jobsTemplate.hasResourceProperties('Custom::S3BucketNotifications', {
      NotificationConfiguration: {
        LambdaFunctionConfigurations: [
          {
            Events: ['s3:ObjectCreated:*'],
            Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: trigger?.prefix }] } },
            LambdaFunctionArn: Match.anyValue(),
          },
        ],
      },
    });
  });

  it('builds the tables from the shared definitions, with PITR, deletion protection, encryption and the GSIs', () => {
    const found = Object.values(stateful.findResources('AWS::DynamoDB::Table'));
    expect(found).toHaveLength(Object.keys(tables).length);
    for (const def of Object.values(tables)) {
      stateful.hasResourceProperties('AWS::DynamoDB::Table', {
        KeySchema: [
          { AttributeName: def.partitionKey, KeyType: 'HASH' },
          { AttributeName: def.sortKey, KeyType: 'RANGE' },
        ],
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        SSESpecification: { SSEEnabled: true },
        GlobalSecondaryIndexes: def.indexes.map((index) =>
          Match.objectLike({
            IndexName: index.name,
            KeySchema: [
              { AttributeName: index.partitionKey, KeyType: 'HASH' },
              { AttributeName: index.sortKey, KeyType: 'RANGE' },
            ],
          }),
        ),
      });
    }
    for (const table of found) expect(table.DeletionPolicy).toBe('Retain');
  });

  it('blocks public access, requires TLS and versions the reports and archive buckets; the archive has Object Lock', () => {
    const buckets = Object.values(stateful.findResources('AWS::S3::Bucket'));
    const named = buckets.filter((b) => b.Properties.BucketName);
    expect(named).toHaveLength(2);
    for (const b of named) {
      expect(b.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(b.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
      expect(b.Properties.BucketEncryption).toBeDefined();
    }
    stateful.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockEnabled: true,
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: Match.anyValue() } },
    });
    const tlsOnly = Object.values(stateful.findResources('AWS::S3::BucketPolicy')).filter((p) =>
      JSON.stringify(p.Properties.PolicyDocument).includes('aws:SecureTransport'),
    );
    expect(tlsOnly.length).toBe(buckets.length);
  });

  it('never lets a function update or delete an audit record (R29.1)', () => {
    const auditLogicalId = Object.keys(stateful.findResources('AWS::DynamoDB::Table')).find((id) =>
      id.startsWith('Audit'),
    ) as string;
    for (const template of [api, jobsTemplate]) {
      for (const policy of Object.values(template.findResources('AWS::IAM::Policy'))) {
        for (const statement of policy.Properties.PolicyDocument.Statement as {
          Action: string | string[];
          Resource: unknown;
        }[]) {
          if (!JSON.stringify(statement.Resource).includes(auditLogicalId)) continue;
          const actions = ([] as string[]).concat(statement.Action);
          expect(actions).not.toContain('dynamodb:UpdateItem');
          expect(actions).not.toContain('dynamodb:DeleteItem');
          expect(actions).not.toContain('dynamodb:BatchWriteItem');
          expect(actions).toContain('dynamodb:PutItem');
        }
      }
    }
  });

  it('has a Cognito group per role, custom scope attributes, MFA and no self sign-up', () => {
    const groups = Object.values(stateful.findResources('AWS::Cognito::UserPoolGroup')).map(
      (g) => g.Properties.GroupName,
    );
    expect(groups.sort()).toEqual([...ROLES].sort());
    stateful.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'ON',
      Schema: Match.arrayWith([
        Match.objectLike({ Name: 'district' }),
        Match.objectLike({ Name: 'street' }),
        Match.objectLike({ Name: 'org' }),
      ]),
    });
  });

  it('seeds the reference data after each deployment', () => {
    jobsTemplate.resourceCountIs('Custom::Trigger', 1);
  });
});
