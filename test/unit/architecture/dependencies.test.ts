import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../../../', import.meta.url).pathname;
const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : path.endsWith('.ts') ? [path] : [];
  });
const importsOf = (file: string) =>
  [...readFileSync(file, 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1] as string);

describe('layering', () => {
  it('keeps shared/domain free of AWS, middy, adapters and application code', () => {
    const offending = filesUnder(join(root, 'shared/domain')).flatMap((file) =>
      importsOf(file)
        .filter((spec) =>
          /^@aws-sdk|^@middy|^@aws-lambda-powertools|^aws-cdk-lib|#shared\/(adapters|application|http)/.test(
            spec,
          ),
        )
        .map((spec) => `${relative(root, file)} imports ${spec}`),
    );
    expect(offending).toEqual([]);
  });

  it('keeps the document libraries (pdf.js, mammoth) in the report trigger only, so other bundles stay small', () => {
    const importers = [...filesUnder(join(root, 'shared')), ...filesUnder(join(root, 'functions'))]
      .filter((file) =>
        importsOf(file).some((spec) =>
          /document-check$|process-upload\.use-case$|^unpdf$|^mammoth$|^pdfjs-dist/.test(spec),
        ),
      )
      .map((file) => relative(root, file))
      .sort();
    expect(importers).toEqual([
      'functions/storage/validate-report.handler.ts',
      'shared/application/reports/process-upload.use-case.ts',
      'shared/domain/reports/document-check.ts',
    ]);
  });

  it('keeps the document generators (pdf-lib, fontkit, docx) in the brief draft route only (issue 19 item 3)', () => {
    const importers = [...filesUnder(join(root, 'shared')), ...filesUnder(join(root, 'functions'))]
      .filter((file) =>
        importsOf(file).some((spec) =>
          /chinese-documents$|brief-draft\.use-case$|^pdf-lib$|^@pdf-lib\/fontkit$|^docx$/.test(spec),
        ),
      )
      .map((file) => relative(root, file))
      .sort();
    expect(importers).toEqual([
      'functions/http/reports/get-report-draft.handler.ts',
      'shared/application/reports/brief-draft.use-case.ts',
      'shared/documents/chinese-documents.ts',
    ]);
  });

  it('keeps the senders (SES, the SMS gateway, the webhook) in the notice-delivery worker only: no request waits on one', () => {
    const importers = [...filesUnder(join(root, 'shared')), ...filesUnder(join(root, 'functions'))]
      .filter((file) =>
        importsOf(file).some((spec) =>
          /^@aws-sdk\/client-sesv2$|mail\/mailer$|notify\/(delivery-job|email|sms|webhook)$|^\.\/(email|sms|webhook)$/.test(
            spec,
          ),
        ),
      )
      .map((file) => relative(root, file))
      .sort();
    expect(importers).toEqual([
      'functions/jobs/notice-delivery.worker.ts',
      'shared/adapters/mail/mailer.ts',
      'shared/adapters/notify/delivery-job.ts',
      'shared/adapters/notify/email.ts',
    ]);
  });

  it('keeps exceljs to reading uploads: the templates and exports are written by the small xlsx writer', () => {
    const importers = [...filesUnder(join(root, 'shared')), ...filesUnder(join(root, 'functions'))]
      .filter((file) => importsOf(file).some((spec) => spec === 'exceljs'))
      .map((file) => relative(root, file));
    expect(importers).toEqual(['shared/adapters/spreadsheet/rows.ts']);
  });

  it('keeps the CDK out of the code that runs in Lambda', () => {
    const offending = [...filesUnder(join(root, 'shared')), ...filesUnder(join(root, 'functions'))].flatMap(
      (file) =>
        importsOf(file)
          .filter((spec) => /^aws-cdk-lib|^constructs|#infra\//.test(spec))
          .map((spec) => `${relative(root, file)} imports ${spec}`),
    );
    expect(offending).toEqual([]);
  });

  it('imports the route manifest through its index only (#shared/manifest), never an area file of it', () => {
    const offending = [
      ...filesUnder(join(root, 'shared')),
      ...filesUnder(join(root, 'functions')),
      ...filesUnder(join(root, 'infra')),
      ...filesUnder(join(root, 'scripts')),
      ...filesUnder(join(root, 'test')),
    ]
      .filter(
        (file) => !relative(root, file).startsWith('shared/manifest/') && !file.endsWith('assemble.test.ts'),
      )
      .flatMap((file) =>
        importsOf(file)
          .filter((spec) => /^#shared\/manifest\/|shared\/manifest\.ts$/.test(spec))
          .map((spec) => `${relative(root, file)} imports ${spec}`),
      );
    expect(offending).toEqual([]);
  });
});
