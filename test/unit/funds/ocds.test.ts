import { readFileSync } from 'node:fs';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '#shared/domain/errors';
import { type DisclosedContract, fenToAmount, ocdsReleasePackage } from '#shared/domain/funds/ocds';

/**
 * The official OCDS 1.1.5 schemas, vendored unchanged (see test/fixtures/ocds-1.1/SOURCE.md). They are JSON
 * Schema draft-04, hence ajv-draft-04; the package schema refers to the release schema by its URL, which is the
 * release schema's own `id`, so adding the release schema resolves the reference without any network.
 */
const schema = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../../fixtures/ocds-1.1/${name}`, import.meta.url), 'utf8'));
const releaseSchema = schema('release-schema.json');
const packageSchema = schema('release-package-schema.json');

const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });
addFormats(ajv);
// OCDS's own annotations (codelists, merge rules, deprecation): metadata that validates nothing.
ajv.addVocabulary([
  'codelist',
  'openCodelist',
  'omitWhenMerged',
  'wholeListMerge',
  'versionId',
  'deprecated',
]);
ajv.addSchema(releaseSchema);
const validatePackage = ajv.compile(packageSchema);

/** Validates and, on failure, shows every ajv error with its path so the cause is visible in the test output. */
const expectValid = (data: unknown): void => {
  const valid = validatePackage(data);
  if (!valid) console.error(JSON.stringify(validatePackage.errors, null, 2));
  expect(ajv.errorsText(validatePackage.errors, { separator: '\n' })).toBe('No errors');
  expect(valid).toBe(true);
};

const ACTIVE: DisclosedContract = {
  id: 'c-001',
  number: 'JNLX-2022-001',
  title: '历下区姚家街道社会工作服务站',
  districtCode: '370102',
  districtName: '历下区',
  buyer: { id: 'district-370102', name: '历下区民政局' },
  supplier: { id: 'org-001', name: '济南市历下区乐仁社会工作服务中心' },
  amountFen: 60_000_000,
  period: { start: '2022-01-01', end: '2022-12-31' },
  status: 'active',
  dateSigned: '2021-12-20T02:00:00.000Z',
  budgetFen: 500_000_000,
  disbursements: [
    { id: 'd-002', date: '2022-07-15', amountFen: 1_234_567, tranche: 2 },
    { id: 'd-001', date: '2022-01-15', amountFen: 30_000_000, tranche: 1 },
  ],
};

const TERMINATED: DisclosedContract = {
  id: 'c-002',
  number: 'JNSZ-2022-007',
  title: '市中区大观园街道社会工作服务站',
  districtCode: '370103',
  districtName: '市中区',
  buyer: { id: 'district-370103', name: '市中区民政局' },
  supplier: { id: 'org-002', name: '山东某某社会工作服务有限公司' },
  amountFen: 48_000_000,
  period: { start: '2022-01-01', end: '2022-12-31' },
  status: 'terminated',
  dateSigned: '2021-12-28T01:30:00.000Z',
  disbursements: [],
  finalEvaluation: { grade: 'unqualified', gradeName: '不合格', total: '55.2000', finalOn: '2022-06-30' },
};

const PACKAGE_INPUT = {
  year: 2022,
  publishedDate: '2022-12-31T08:00:00.000Z',
  uri: 'https://sgz.example.org/public/ocds/2022',
  publisherName: '济南市民政局',
  ocidPrefix: 'ocds-sgzjn',
  contracts: [ACTIVE, TERMINATED],
};

const build = (input = PACKAGE_INPUT) => ocdsReleasePackage(input);
/** Reads a path in the package's plain JSON: get(pkg, 'releases', 0, 'ocid'). */
const get = (value: unknown, ...path: (string | number)[]): unknown =>
  path.reduce<unknown>((v, key) => (v as Record<string | number, unknown> | undefined)?.[key], value);
const list = (value: unknown, ...path: (string | number)[]): Record<string, unknown>[] =>
  get(value, ...path) as Record<string, unknown>[];
const release = (i: number, input = PACKAGE_INPUT) => get(build(input), 'releases', i);

describe('ocdsReleasePackage', () => {
  it('validates against the official OCDS 1.1 release package schema', () => {
    expectValid(build());
  });

  it('is checked by a validator that does reject what OCDS 1.1 does not allow', () => {
    const pkg = structuredClone(build());
    (get(pkg, 'releases', 0, 'contracts', 0) as Record<string, unknown>).status = 'completed';
    (get(pkg, 'releases', 1) as Record<string, unknown>).tag = ['compiledRelease'];

    expect(validatePackage(pkg)).toBe(false);
    expect(validatePackage.errors?.map((e) => e.instancePath)).toEqual(
      expect.arrayContaining(['/releases/0/contracts/0/status', '/releases/1/tag/0']),
    );
  });

  it('still validates for a draft contract with no signature, budget, payments or evaluation', () => {
    const draft: DisclosedContract = {
      ...ACTIVE,
      id: 'c-003',
      status: 'draft',
      disbursements: [],
      dateSigned: undefined,
      budgetFen: undefined,
    };
    const input = { ...PACKAGE_INPUT, contracts: [draft] };

    expectValid(build(input));
    expect(get(release(0, input), 'contracts', 0)).toMatchObject({ status: 'pending' });
    expect(get(release(0, input), 'awards', 0)).toMatchObject({ status: 'pending' });
    expect(get(release(0, input), 'contracts', 0)).not.toHaveProperty('implementation');
    expect(release(0, input)).not.toHaveProperty('planning');
  });

  it('carries the package metadata', () => {
    expect(build()).toMatchObject({
      uri: 'https://sgz.example.org/public/ocds/2022',
      version: '1.1',
      publishedDate: '2022-12-31T08:00:00.000Z',
      publisher: { name: '济南市民政局' },
    });
  });

  it('gives every release the fields the schema requires, and one ocid per contract under the prefix', () => {
    const required = releaseSchema.required as string[];
    const releases = list(build(), 'releases');

    expect(required).toEqual(['ocid', 'id', 'date', 'tag', 'initiationType']);
    for (const release of releases) for (const field of required) expect(release).toHaveProperty(field);
    expect(releases.map((r) => r.ocid)).toEqual(['ocds-sgzjn-c-001', 'ocds-sgzjn-c-002']);
    expect(releases.map((r) => r.initiationType)).toEqual(['tender', 'tender']);
    expect(releases.every((r) => r.date === '2022-12-31T08:00:00.000Z')).toBe(true);
  });

  it('renders amounts in yuan from fen: 60 000 000 fen is 600000, 1 234 567 fen is 12345.67', () => {
    const contract = get(release(0), 'contracts', 0);

    expect(get(contract, 'value')).toEqual({ amount: 600000, currency: 'CNY' });
    expect(list(contract, 'implementation', 'transactions').map((t) => t.value)).toEqual([
      { amount: 300000, currency: 'CNY' },
      { amount: 12345.67, currency: 'CNY' },
    ]);
    expect(get(release(0), 'planning')).toMatchObject({
      budget: { amount: { amount: 5000000, currency: 'CNY' } },
    });
    expect(JSON.stringify(build())).toContain('"amount":12345.67,');
  });

  it('names the buyer, the supplier and payee, and the district finance bureau as payer', () => {
    expect(get(release(0), 'parties')).toEqual([
      { id: 'district-370102', name: '历下区民政局', roles: ['buyer', 'procuringEntity'] },
      { id: 'org-001', name: '济南市历下区乐仁社会工作服务中心', roles: ['supplier', 'payee'] },
      { id: 'finance-370102', name: '历下区财政局', roles: ['payer'] },
    ]);
    expect(get(release(0), 'buyer')).toEqual({ id: 'district-370102', name: '历下区民政局' });
  });

  it('lists the disbursements as transactions in date order, from the finance bureau to the operator', () => {
    const transactions = list(release(0), 'contracts', 0, 'implementation', 'transactions');

    expect(transactions.map((t) => [t.id, t.date])).toEqual([
      ['d-001', '2022-01-15T00:00:00+08:00'],
      ['d-002', '2022-07-15T00:00:00+08:00'],
    ]);
    expect(transactions[0]).toMatchObject({
      payer: { id: 'finance-370102', name: '历下区财政局' },
      payee: { id: 'org-001', name: '济南市历下区乐仁社会工作服务中心' },
    });
  });

  it('describes the active contract, its award and its tender', () => {
    const active = release(0);

    expect(get(active, 'tag')).toEqual(['tender', 'award', 'contract', 'implementation']);
    expect(get(active, 'tender')).toMatchObject({
      status: 'complete',
      procurementMethod: 'open',
      mainProcurementCategory: 'services',
      procuringEntity: { id: 'district-370102' },
    });
    expect(get(active, 'awards', 0)).toMatchObject({
      id: 'c-001-award',
      status: 'active',
      suppliers: [{ id: 'org-001' }],
      value: { amount: 600000, currency: 'CNY' },
    });
    expect(get(active, 'contracts', 0)).toMatchObject({
      id: 'c-001',
      awardID: 'c-001-award',
      title: '历下区姚家街道社会工作服务站',
      status: 'active',
      dateSigned: '2021-12-20T02:00:00.000Z',
      period: { startDate: '2022-01-01T00:00:00+08:00', endDate: '2022-12-31T23:59:59+08:00' },
    });
  });

  it('publishes the terminated contract with its unqualified final evaluation', () => {
    const contract = get(release(1), 'contracts', 0);

    expect(get(release(1), 'tag')).toEqual([
      'tender',
      'award',
      'contract',
      'implementation',
      'contractTermination',
    ]);
    expect(get(contract, 'status')).toBe('terminated');
    expect(get(contract, 'description')).toContain('不合格');
    expect(get(contract, 'implementation', 'documents')).toEqual([
      {
        id: 'c-002-final-evaluation',
        documentType: 'physicalProgressReport',
        title: '市中区大观园街道社会工作服务站终期评估结果',
        description: '终期评估等级：不合格（总分 55.2000），2022-06-30 公示期满生效。',
        datePublished: '2022-06-30T00:00:00+08:00',
        language: 'zh',
      },
    ]);
    expect(get(contract, 'implementation')).not.toHaveProperty('transactions');
  });

  it('has nothing to publish for a year without contracts', () => {
    expect(() => build({ ...PACKAGE_INPUT, contracts: [] })).toThrow(DomainError);
  });

  it('refuses a date that is neither a calendar date nor a date-time with its zone', () => {
    expect(() => build({ ...PACKAGE_INPUT, publishedDate: '2022-12-31 08:00' })).toThrow(DomainError);
  });
});

describe('fenToAmount', () => {
  it.each([
    [60_000_000, 600000],
    [1_234_567, 12345.67],
    [10, 0.1],
    [1, 0.01],
    [0, 0],
    [-150, -1.5],
  ])('renders %d fen as %d yuan', (fen, yuan) => {
    expect(fenToAmount(fen)).toBe(yuan);
  });

  it('refuses a fraction of a fen', () => {
    expect(() => fenToAmount(0.5)).toThrow(DomainError);
  });

  /** The reference writes the yuan text from the fen's digits with BigInt, dropping trailing zeros as JSON does. */
  const yuanText = (fen: bigint): string => {
    const abs = fen < 0n ? -fen : fen;
    const text = `${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`.replace(/\.?0+$/, '');
    return fen < 0n ? `-${text}` : text;
  };

  it('serialises to exactly the yuan amount in JSON for every amount up to 15 digits of fen', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.bigInt({ min: -999_999n, max: 999_999n }),
          fc.bigInt({ min: 0n, max: 999_999_999_999_999n }),
        ),
        (fen) => {
          expect(JSON.stringify(fenToAmount(Number(fen)))).toBe(yuanText(fen));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
