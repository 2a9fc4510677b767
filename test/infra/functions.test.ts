import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { stageConfig } from '#infra/config';
import { AppFunction, FIELD_KEY_ACTIONS } from '#infra/constructs/app-function.construct';
import { AppTable } from '#infra/constructs/app-table.construct';
import { ENCRYPTION_CONTEXT, PERSON_DIGEST_CONTEXT } from '#shared/adapters/crypto/field-crypto';
import {
  PERSON_DIGEST_ROUTES,
  PERSON_DIGEST_TRIGGERS,
  PERSONAL_DATA_ROUTES,
} from '#shared/adapters/crypto/personal-data-routes';
import { tables } from '#shared/adapters/dynamodb/tables';
import { type JobDefinition, jobs, routes, triggers } from '#shared/manifest';
import { actionsOf, logicalIdOf, NO_BUNDLING, type Synthesized, statementsOfRole, synthesize } from './synth';

describe('the application functions', () => {
  let built: Synthesized;
  /** Every function built from the manifest, with the stack and template it lives in. */
  let all: { fn: AppFunction; stack: Stack; template: Template }[];
  beforeAll(() => {
    built = synthesize();
    all = [
      ...Object.values(built.routeFunctions).map((fn) => ({
        fn,
        stack: Stack.of(fn),
        template: built.templateOf(fn),
      })),
      ...[
        ...Object.values(built.jobs.jobFunctions),
        ...Object.values(built.jobs.fanOuts).map((f) => f.worker),
        ...Object.values(built.jobs.triggerFunctions),
        built.jobs.seedFunction,
      ].map((fn) => ({ fn, stack: built.jobs, template: built.templates.jobs })),
    ];
  });
  const resourceOf = ({ fn, stack, template }: (typeof all)[number]) =>
    template.findResources('AWS::Lambda::Function')[logicalIdOf(stack, fn)];

  it('builds one function per route, job, fanned-out job’s worker and storage trigger, and one for the seed', () => {
    expect(all).toHaveLength(
      Object.keys(routes).length +
        Object.keys(jobs).length +
        Object.values(jobs).filter((job: JobDefinition) => job.fanOut).length +
        Object.keys(triggers).length +
        1,
    );
  });

  it('runs every function on nodejs22.x, arm64, from an ESM bundle, without Node reading source maps at start', () => {
    for (const entry of all) {
      expect(resourceOf(entry)?.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
      });
      // The bundle's banner maps stack traces when one is first formatted (test/integration/bundles.test.ts).
      expect(resourceOf(entry)?.Properties.Environment.Variables).not.toHaveProperty('NODE_OPTIONS');
    }
  });

  it('gives every function the table and bucket names and the Powertools settings it reads', () => {
    const base = [
      'MAIN_TABLE_NAME',
      'AUDIT_TABLE_NAME',
      'REPORTS_BUCKET_NAME',
      'ARCHIVE_BUCKET_NAME',
      'POWERTOOLS_SERVICE_NAME',
      'POWERTOOLS_LOG_LEVEL',
      'APP_VERSION',
    ];
    /**
     * Set on some functions only, by the binding that needs it: the claim mapping and the token's issuer and client
     * ids on protected routes, the per-source allowance on public writes, the work queue on a fan-out's dispatcher.
     */
    const bound = [
      'ARCHIVE_LOCK_MODE',
      'IDENTITY_CLAIMS',
      'IDENTITY_ISSUER',
      'IDENTITY_AUDIENCE',
      'PUBLIC_WRITES_PER_SOURCE_PER_HOUR',
      'WORK_QUEUE_URL',
    ];
    // The readiness probe reads the main table and nothing else (no audit table: routes-stack.test.ts).
    const probe = built.routeFunctions.getReadiness;
    for (const entry of all) {
      const names = Object.keys(resourceOf(entry)?.Properties.Environment.Variables);
      expect(names).toEqual(
        expect.arrayContaining(entry.fn === probe ? base.filter((n) => n !== 'AUDIT_TABLE_NAME') : base),
      );
      // Only the functions that seal or reveal personal data know the field key.
      expect(names.includes('FIELD_KEY_ID'), entry.fn.node.path).toBe(entry.fn.personalData !== undefined);
      expect(names.filter((n) => !base.includes(n) && n !== 'FIELD_KEY_ID' && !bound.includes(n))).toEqual(
        [],
      );
    }
  });

  describe('the field key (personal data)', () => {
    const keyId = () => logicalIdOf(built.stateful, built.stateful.fieldKey);
    const purposeOf = (s: { readonly Condition?: unknown }) =>
      JSON.stringify(s.Condition ?? {}).includes(PERSON_DIGEST_CONTEXT.purpose) ? 'digest' : 'field';
    const kmsOf = ({ fn, stack, template }: (typeof all)[number]) =>
      statementsOfRole(template, logicalIdOf(stack, fn.role ?? fn)).filter((s) =>
        actionsOf(s).some((a) => a.startsWith('kms:')),
      );
    /** The statements on the field key for personal data (the person-digest key's apart). */
    const kmsStatements = (entry: (typeof all)[number]) =>
      kmsOf(entry).filter((s) => purposeOf(s) === 'field');

    it('is granted to exactly the functions of PERSONAL_DATA_ROUTES, one action each, with its ARN as FIELD_KEY_ID', () => {
      const granted = Object.entries(built.routeFunctions)
        .filter(([, fn]) => fn.personalData)
        .map(([routeId, fn]) => [routeId, fn.personalData]);
      expect(Object.fromEntries(granted)).toEqual(PERSONAL_DATA_ROUTES);

      for (const entry of all) {
        const statements = kmsStatements(entry);
        const use = entry.fn.personalData;
        if (!use) {
          expect(statements, entry.fn.node.path).toEqual([]);
          continue;
        }
        expect(statements, entry.fn.node.path).toEqual([
          {
            Effect: 'Allow',
            Action:
              FIELD_KEY_ACTIONS[use].length === 1 ? FIELD_KEY_ACTIONS[use][0] : [...FIELD_KEY_ACTIONS[use]],
            Resource: expect.anything(),
            Condition: {
              StringEquals: {
                'kms:EncryptionContext:app': ENCRYPTION_CONTEXT.app,
                'kms:EncryptionContext:purpose': ENCRYPTION_CONTEXT.purpose,
              },
            },
          },
        ]);
        const resource = JSON.stringify(statements[0]?.Resource);
        expect(resource).toContain(keyId());
        expect(JSON.stringify(resourceOf(entry)?.Properties.Environment.Variables.FIELD_KEY_ID)).toBe(
          resource,
        );
      }
    });

    it('never lets one function both seal and reveal, nor any job but notice-delivery, trigger but the import, or the seed touch the key', () => {
      const actions = all.flatMap((entry) =>
        kmsStatements(entry).map((s) => [entry.fn, actionsOf(s)] as const),
      );
      for (const [fn, granted] of actions) {
        expect(granted, fn.node.path).toHaveLength(1);
        expect(['kms:GenerateDataKey', 'kms:Decrypt'], fn.node.path).toContain(granted[0]);
      }
      const background = [
        ...Object.values(built.jobs.jobFunctions),
        ...Object.values(built.jobs.fanOuts).map((f) => f.worker),
        ...Object.values(built.jobs.triggerFunctions),
        built.jobs.seedFunction,
      ];
      // The notice-delivery job's worker opens a party's phone to send it an SMS (PERSONAL_DATA_JOBS), not its
      // dispatcher; the import trigger seals the ID numbers and phones of the workers it imports, as addWorker does
      // (PERSONAL_DATA_TRIGGERS).
      expect(background.filter((fn) => fn.personalData)).toEqual([
        built.jobs.fanOuts['notice-delivery']?.worker,
        built.jobs.triggerFunctions['process-import'],
      ]);
      expect(built.jobs.fanOuts['notice-delivery']?.worker.personalData).toBe('reveal');
      expect(built.jobs.jobFunctions['notice-delivery']?.personalData).toBeUndefined();
      expect(built.jobs.triggerFunctions['process-import']?.personalData).toBe('seal');
    });

    it('lets a function that reveals personal data append its read to the audit table, even for a GET', () => {
      const audit = logicalIdOf(built.stateful, built.stateful.auditTable.table);
      const main = logicalIdOf(built.stateful, built.stateful.mainTable.table);
      for (const [routeId, use] of Object.entries(PERSONAL_DATA_ROUTES)) {
        if (use !== 'reveal') continue;
        const fn = built.routeFunctions[routeId] as AppFunction;
        const statements = statementsOfRole(built.templateOf(fn), logicalIdOf(Stack.of(fn), fn.role ?? fn));
        const on = (table: string) =>
          statements.filter((s) => JSON.stringify(s.Resource).includes(table)).flatMap(actionsOf);
        expect(on(audit), routeId).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:Query']));
        expect(on(audit), routeId).not.toContain('dynamodb:UpdateItem');
        if (routes[routeId as keyof typeof routes].method === 'GET') {
          expect(on(main), routeId).not.toContain('dynamodb:PutItem');
        }
      }
    });

    it('lets exactly the functions that name people by digest open the person-digest key, and only with its context', () => {
      const named = all.filter((entry) => kmsOf(entry).some((s) => purposeOf(s) === 'digest'));
      expect(named.map((e) => e.fn).sort((a, b) => a.node.path.localeCompare(b.node.path))).toEqual(
        [
          ...PERSON_DIGEST_ROUTES.map((id) => built.routeFunctions[id] as AppFunction),
          ...PERSON_DIGEST_TRIGGERS.map((id) => built.jobs.triggerFunctions[id] as AppFunction),
        ].sort((a, b) => a.node.path.localeCompare(b.node.path)),
      );
      for (const entry of named) {
        expect(
          kmsOf(entry).filter((s) => purposeOf(s) === 'digest'),
          entry.fn.node.path,
        ).toEqual([
          {
            Effect: 'Allow',
            Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
            Resource: expect.anything(),
            Condition: {
              StringEquals: {
                'kms:EncryptionContext:app': PERSON_DIGEST_CONTEXT.app,
                'kms:EncryptionContext:purpose': PERSON_DIGEST_CONTEXT.purpose,
              },
            },
          },
        ]);
      }
      // A function granted only for sealing holds no kms:Decrypt with the personal-data context: the digest key's
      // grant names its own purpose.
      const addWorker = all.find((e) => e.fn === built.routeFunctions.addWorker);
      expect(kmsStatements(addWorker as (typeof all)[number]).flatMap(actionsOf)).toEqual([
        'kms:GenerateDataKey',
      ]);
    });

    it('refuses to build a function that handles personal data in an app without a field key', () => {
      const app = new App({ context: NO_BUNDLING });
      const stack = new Stack(app, 'NoKey');
      expect(
        () =>
          new AppFunction(stack, 'Reveal', {
            handlerModule: routes.getComplaint.handler,
            description: 'probe',
            config: stageConfig(app.node),
            bucketNames: { reports: 'r', archive: 'a' },
          }),
      ).toThrow(/no field key/);
    });
  });

  it("writes every function's logs to a log group of its own, kept for the stage's retention", () => {
    const groups = new Set<string>();
    for (const entry of all) {
      const groupId = resourceOf(entry)?.Properties.LoggingConfig.LogGroup.Ref as string;
      expect(entry.template.findResources('AWS::Logs::LogGroup')[groupId]?.Properties.RetentionInDays).toBe(
        built.config.logRetention,
      );
      groups.add(groupId);
    }
    expect(groups.size).toBe(all.length);
  });

  it('never lets a function update or delete an audit record (R29.1)', () => {
    const audit = logicalIdOf(built.stateful, built.stateful.auditTable.table);
    const onAudit = all.flatMap(({ fn, stack, template }) =>
      statementsOfRole(template, logicalIdOf(stack, fn.role ?? fn))
        .filter((s) => JSON.stringify(s.Resource).includes(audit))
        .flatMap(actionsOf),
    );

    expect(onAudit).toContain('dynamodb:PutItem');
    expect(
      onAudit.filter((action) => !/^dynamodb:(PutItem|ConditionCheckItem|GetItem|Query)$/.test(action)),
    ).toEqual([]);
  });

  it('grants no managed policy to any function role', () => {
    for (const { fn, stack, template } of all) {
      const role = template.findResources('AWS::IAM::Role')[logicalIdOf(stack, fn.role ?? fn)];
      expect(role?.Properties.ManagedPolicyArns).toBeUndefined();
    }
  });

  it('refuses to bind the audit table as an ordinary table, and an ordinary table as the audit table', () => {
    const app = new App({ context: NO_BUNDLING });
    const stack = new Stack(app, 'Probe');
    const config = stageConfig(app.node);
    const fn = new AppFunction(stack, 'Probe', {
      handlerModule: routes.getHealth.handler,
      description: 'probe',
      config,
      bucketNames: { reports: 'r', archive: 'a' },
    });
    const audit = new AppTable(stack, 'Audit', { definition: tables.audit });
    const main = new AppTable(stack, 'Main', { definition: tables.main });

    expect(() => fn.bindTable(audit, 'RW')).toThrow(/R29\.1/);
    expect(() => fn.bindAuditTable(main, 'APPEND')).toThrow(/audit table only/);
  });
});

describe('data files in a bundle', () => {
  it('copies pdf.js CMaps and fonts into the report trigger bundle, where the validation looks for them', () => {
    // One real esbuild bundling (the other tests skip it): the asset folder must hold the files the manifest lists.
    const app = new App({ context: { 'aws:cdk:bundling-stacks': ['**'] } });
    const stack = new Stack(app, 'BundleFiles');
    const trigger = triggers['validate-report'];
    const fn = new AppFunction(stack, 'Trigger', {
      handlerModule: trigger.handler,
      description: 'bundle check',
      config: stageConfig(app.node),
      bucketNames: { reports: 'r', archive: 'a' },
      bundleFiles: trigger.bundleFiles,
    });
    const assembly = app.synth();
    const code = (stack.resolve((fn.node.defaultChild as CfnFunction).code) as { s3Key: string }).s3Key;
    const hash = code.replace(/\.zip$/, '');
    const dir = join(assembly.directory, `asset.${hash}`);
    expect(existsSync(join(dir, 'index.mjs'))).toBe(true);
    expect(existsSync(join(dir, 'node_modules/pdfjs-dist/package.json'))).toBe(true);
    expect(readdirSync(join(dir, 'node_modules/pdfjs-dist/cmaps'))).toContain('UniGB-UCS2-H.bcmap');
    expect(readdirSync(join(dir, 'node_modules/pdfjs-dist/standard_fonts')).length).toBeGreaterThan(0);
  }, 120_000);

  it("copies Noto Sans SC into the brief draft route's bundle, where the generator resolves it at run time", () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': ['**'] } });
    const stack = new Stack(app, 'DraftFont');
    const route = routes.getReportDraft;
    const fn = new AppFunction(stack, 'Draft', {
      handlerModule: route.handler,
      description: 'bundle check',
      config: stageConfig(app.node),
      bucketNames: { reports: 'r', archive: 'a' },
      bundleFiles: route.bundleFiles,
    });
    const assembly = app.synth();
    const code = (stack.resolve((fn.node.defaultChild as CfnFunction).code) as { s3Key: string }).s3Key;
    const dir = join(assembly.directory, `asset.${code.replace(/\.zip$/, '')}`);
    // What shared/documents/chinese-documents.ts does from the bundle's index.mjs.
    const font = createRequire(join(dir, 'index.mjs')).resolve(
      '@fontsource/noto-sans-sc/files/noto-sans-sc-chinese-simplified-400-normal.woff',
    );
    expect(font.startsWith(dir)).toBe(true);
    expect(statSync(font).size).toBeGreaterThan(1_000_000);
  }, 120_000);
});
