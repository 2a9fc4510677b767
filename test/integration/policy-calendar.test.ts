import { beforeAll, describe, expect, it } from 'vitest';
import { queryAudit } from '#shared/adapters/dynamodb/audit.repository';
import {
  advancePolicySet,
  createPolicyWrite,
  listPolicyVersions,
  readPolicySet,
} from '#shared/adapters/dynamodb/policy.repository';
import { commitWithAudit } from '#shared/adapters/dynamodb/unit-of-work';
import { loadWorkingCalendar, putCalendarYear } from '#shared/application/calendar/calendar.use-case';
import { createPolicyVersion, listPolicies, policyOn } from '#shared/application/policy/policies.use-case';
import { DomainError } from '#shared/domain/errors';
import { DEFAULT_POLICY_PARAMETERS, REGULATION_POLICY } from '#shared/domain/policy/policy';
import { actor, cityOfficial } from '#test/helpers/actors';
import { freshTables } from '#test/helpers/tables';

const codeOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
    return 'resolved';
  } catch (error) {
    return error instanceof DomainError ? `${error.status} ${error.code}` : String(error);
  }
};

/** Distinct instants, so audit records of successive changes sort as they happened. */
const at = (hour: number) => new Date(`2026-11-25T${String(hour).padStart(2, '0')}:00:00Z`);

const version = (validFrom: string, validTo?: string) => ({
  name: `版本 ${validFrom}`,
  basis: '测试',
  validFrom,
  ...(validTo ? { validTo } : {}),
  parameters: DEFAULT_POLICY_PARAMETERS,
});

describe('policy versions on DynamoDB Local (R30.1)', () => {
  beforeAll(() => freshTables());

  it('applies a new open-ended version from its first day, without a warning', async () => {
    await createPolicyVersion(actor(cityOfficial, at(1)), version('2026-01-01'));
    const resolved = await policyOn('2026-11-25');
    expect(resolved.version.validFrom).toBe('2026-01-01');
    expect(resolved.warning).toBeUndefined();
    expect((await policyOn('2025-06-30')).warning?.code).toBe('NO_POLICY_IN_FORCE');
  });

  it('closes the open-ended version the day before a newer one starts, auditing both in one change', async () => {
    const newer = await createPolicyVersion(actor(cityOfficial, at(2)), version('2027-01-01'));
    const versions = await listPolicyVersions();
    expect(versions.find((v) => v.validFrom === '2026-01-01')?.validTo).toBe('2026-12-31');
    const closed = versions.find((v) => v.validFrom === '2026-01-01');
    const history = await queryAudit({ entityType: 'policy', entityId: closed?.id as string }, 10);
    expect(history.items.map((r) => r.action)).toEqual(['policy.close', 'policy.create']);
    expect((await queryAudit({ entityType: 'policy', entityId: newer.id }, 10)).items).toHaveLength(1);
  });

  it('refuses a version overlapping a bounded one with 409 POLICY_OVERLAP', async () => {
    expect(
      await codeOf(createPolicyVersion(actor(cityOfficial, at(3)), version('2026-06-01', '2026-08-31'))),
    ).toBe('409 POLICY_OVERLAP');
  });

  it('refuses a change planned on a stale reading of the set, so two concurrent creations cannot both commit', async () => {
    const stale = await readPolicySet();
    await createPolicyVersion(actor(cityOfficial, at(4)), version('2030-01-01', '2030-12-31'));
    const late = {
      ...REGULATION_POLICY,
      id: 'late',
      validFrom: '2030-06-01',
      validTo: '2031-05-31',
      createdAt: 'x',
    };
    const commit = commitWithAudit([advancePolicySet(stale.revision), createPolicyWrite(late)], []);
    expect(await codeOf(commit)).toBe('409 VERSION_CONFLICT');
    expect((await listPolicyVersions()).filter((v) => v.validFrom.startsWith('2030'))).toHaveLength(1);
  });

  it('lists the versions with the one in force on a given date', async () => {
    const listed = await listPolicies('2027-03-01', new Date());
    expect(listed.inForce?.id).toBe(listed.versions.find((v) => v.validFrom === '2027-01-01')?.id);
  });
});

describe('calendar year entries on DynamoDB Local (B5)', () => {
  beforeAll(() => freshTables());
  const entry = { holidays: ['2028-10-02'], workdays: ['2028-10-07'], basis: '测试' };

  it('makes a year official once the city enters it, and audits the entry', async () => {
    expect((await loadWorkingCalendar()).yearStatus(2028).official).toBe(false);
    const saved = await putCalendarYear(actor(cityOfficial), 2028, entry);
    expect(saved.version).toBe(1);
    const calendar = await loadWorkingCalendar();
    expect(calendar.isWorkingDay('2028-10-02')).toEqual({ working: false, provisional: false });
    expect(calendar.isWorkingDay('2028-10-07').working).toBe(true);
    const history = await queryAudit({ entityType: 'calendar-year', entityId: '2028' }, 5);
    expect(history.items[0]?.action).toBe('calendar-year.create');
  });

  it('refuses a correction without the version it read, and accepts one with it', async () => {
    expect(await codeOf(putCalendarYear(actor(cityOfficial), 2028, entry))).toBe('409 VERSION_CONFLICT');
    const corrected = await putCalendarYear(actor(cityOfficial), 2028, {
      ...entry,
      holidays: ['2028-10-03'],
      version: 1,
    });
    expect(corrected.version).toBe(2);
    expect(await codeOf(putCalendarYear(actor(cityOfficial), 2028, { ...entry, version: 1 }))).toBe(
      '409 VERSION_CONFLICT',
    );
  });

  it('refuses dates outside the year and a 调休 workday that is not a weekend day, naming them', async () => {
    const error = await putCalendarYear(actor(cityOfficial), 2029, {
      holidays: ['2028-12-31'],
      workdays: ['2029-10-08'],
      basis: '测试',
    }).catch((e: DomainError) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).extras.errors?.map((e) => e.message)).toEqual([
      '2028-12-31 不在 2029 年',
      '2029-10-08 不是周末，无需调休上班',
    ]);
  });
});
