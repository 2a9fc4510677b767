import { beforeAll, describe, expect, it } from 'vitest';
import { queryAudit } from '#shared/adapters/dynamodb/audit.repository';
import { forgetDivisionsCache, listDivisions } from '#shared/adapters/dynamodb/divisions.repository';
import { listPolicyVersions } from '#shared/adapters/dynamodb/policy.repository';
import { seedReferenceData } from '#shared/application/divisions/seed-reference-data.use-case';
import { templateVersions } from '#shared/application/evaluation/templates.use-case';
import { systemActor } from '#shared/domain/audit/audit-record';
import { freshTables } from '#test/helpers/tables';

describe('reference data seed', () => {
  beforeAll(() => freshTables({ seed: false }));

  it("seeds Jinan's 13 district-level units and 164 streets/towns with official codes (R2.1)", async () => {
    const first = await seedReferenceData(systemActor(new Date('2026-11-25T00:00:00Z')));
    forgetDivisionsCache();
    const districts = await listDivisions();
    expect(first.divisionsAdded).toBe(177);
    expect(districts).toHaveLength(13);
    expect(districts.flatMap((d) => d.streets)).toHaveLength(164);
    const lixia = districts.find((d) => d.code === '370102');
    expect(lixia?.name).toBe('历下区');
    expect(lixia?.streets.find((s) => s.code === '370102001')?.name).toBe('解放路街道');
  });

  it('writes nothing the second time it runs (idempotent)', async () => {
    const before = await queryAudit({ entityType: 'divisions', entityId: 'jinan' }, 50);
    const again = await seedReferenceData(systemActor(new Date('2026-11-26T00:00:00Z')));
    const after = await queryAudit({ entityType: 'divisions', entityId: 'jinan' }, 50);
    expect(again).toEqual({ divisionsAdded: 0, policyAdded: false, templateAdded: false });
    expect(after.items).toHaveLength(before.items.length);
    expect((await listPolicyVersions()).map((v) => v.id)).toEqual(['jinan-2021-trial']);
  });

  it("seeds the regulation's own policy version with its validity 2021-03-08 to 2023-03-07 (R30.1)", async () => {
    const [version] = await listPolicyVersions();
    expect(version?.validFrom).toBe('2021-03-08');
    expect(version?.validTo).toBe('2023-03-07');
    expect(version?.parameters.evaluation.weightsPercent).toEqual({
      thirdParty: 60,
      district: 30,
      street: 10,
    });
  });

  it('seeds version 1 of the evaluation standard with the five default parts adding up to 100 (R16.2)', async () => {
    const { current, versions } = await templateVersions();
    expect(versions).toHaveLength(1);
    expect(current?.parts.map((p) => p.name)).toEqual([
      '行政管理',
      '财务管理',
      '服务执行与产出',
      '社会评价',
      '宣传创新',
    ]);
    expect(current?.parts.flatMap((p) => p.indicators).reduce((n, i) => n + i.maxHundredths, 0)).toBe(10000);
  });
});
