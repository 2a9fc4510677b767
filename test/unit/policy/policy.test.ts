import { describe, expect, it } from 'vitest';
import { DomainError } from '#shared/domain/errors';
import {
  DEFAULT_POLICY_PARAMETERS,
  PolicyParametersSchema,
  type PolicyVersion,
  planNewVersion,
  REGULATION_POLICY,
  resolvePolicy,
} from '#shared/domain/policy/policy';

const v = (id: string, validFrom: string, validTo?: string): PolicyVersion => ({
  ...REGULATION_POLICY,
  id,
  name: id,
  validFrom,
  ...(validTo ? { validTo } : { validTo: undefined }),
  createdAt: '2026-01-01T00:00:00Z',
});

describe('versioned policy (R30.1)', () => {
  const trial = v('trial', '2021-03-08', '2023-03-07');

  it('applies the version in force on the date, including its first and last days', () => {
    expect(resolvePolicy([trial], '2021-03-08')).toEqual({ version: trial });
    expect(resolvePolicy([trial], '2023-03-07')).toEqual({ version: trial });
  });

  it('warns when no version covers the date, and names the version applied instead', () => {
    const resolved = resolvePolicy([trial], '2026-11-25');
    expect(resolved.version.id).toBe('trial');
    expect(resolved.warning?.code).toBe('NO_POLICY_IN_FORCE');
    expect(resolved.warning?.message).toContain('2026-11-25');
  });

  it('refuses a version overlapping a bounded one', () => {
    expect(() => planNewVersion([trial], { validFrom: '2023-03-01', validTo: '2024-01-01' })).toThrowError(
      DomainError,
    );
  });

  it('closes an open-ended earlier version the day before the new one starts', () => {
    const open = v('open', '2023-03-08');
    expect(planNewVersion([trial, open], { validFrom: '2027-01-01' }).closes?.validTo).toBe('2026-12-31');
  });

  it('refuses weights that do not add up to 100 and grade bands out of order', () => {
    const bad = structuredClone(DEFAULT_POLICY_PARAMETERS);
    bad.evaluation.weightsPercent.street = 11;
    bad.evaluation.gradeBandsHundredths.good = 9000;
    const result = PolicyParametersSchema.safeParse(bad);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual([
      'evaluation.weightsPercent',
      'evaluation.gradeBandsHundredths',
    ]);
  });

  it("holds the regulation's numbers: 60/30/10, bands 90/80/60, 5 working days of publicity, 2–3 domains", () => {
    const p = DEFAULT_POLICY_PARAMETERS;
    expect(p.evaluation.weightsPercent).toEqual({ thirdParty: 60, district: 30, street: 10 });
    expect(p.evaluation.gradeBandsHundredths).toEqual({ excellent: 9000, good: 8000, qualified: 6000 });
    expect(p.publicity.minWorkingDays).toBe(5);
    expect(p.keyDomains).toEqual({ min: 2, max: 3 });
    expect(p.handover.workingDays).toBe(30);
    expect(p.retention.evaluationMaterialYears).toBe(5);
  });
});
