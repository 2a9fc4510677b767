import { describe, expect, it } from 'vitest';
import { recipientRetainUntil } from '#shared/domain/archives/retention';
import { DEFAULT_POLICY_PARAMETERS } from '#shared/domain/policy/policy';
import {
  ageOn,
  birthDateOfIdNumber,
  checkConsent,
  maskAddress,
  maskName,
  maskRecipientIdNumber,
  resolveBirthDate,
} from '#shared/domain/recipients/recipient';

const consent = {
  givenOn: '2026-12-01',
  scope: '建档',
  givenBy: 'self' as const,
  sensitiveDataConsent: true,
};
const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
};

describe('service recipients (issue 19 item 1)', () => {
  it('masks names, ID numbers and addresses as the views show them', () => {
    expect(maskName('王小芳')).toBe('王*芳');
    expect(maskName('王芳')).toBe('王*');
    expect(maskName('欧阳娜娜')).toBe('欧**娜');
    expect(maskRecipientIdNumber('37010219900101123X')).toBe('3701**********123X');
    expect(maskAddress('历下区解放路 23 号')).toBe('历下区解****');
  });

  it('reads the birth date from a GB 11643 ID number and refuses a wrong check digit or an impossible date', () => {
    expect(birthDateOfIdNumber('370102199001011231')).toBe('1990-01-01');
    expect(code(() => birthDateOfIdNumber('370102199001011232'))).toBe('ID_NUMBER_INVALID');
    expect(code(() => resolveBirthDate('370102199001011231', '1990-01-02', '2026-12-07'))).toBe(
      'BIRTH_DATE_MISMATCH',
    );
    expect(code(() => resolveBirthDate(undefined, undefined, '2026-12-07'))).toBe('BIRTH_DATE_REQUIRED');
  });

  it('counts whole years, so a child turns 14 on the birthday', () => {
    expect(ageOn('2012-12-08', '2026-12-07')).toBe(13);
    expect(ageOn('2012-12-07', '2026-12-07')).toBe(14);
  });

  it("asks a guardian's consent under 14 only, and the separate consent for sensitive data always (PIPL Art. 29, 31)", () => {
    expect(code(() => checkConsent(consent, '2012-12-08', '2026-12-07'))).toBe('GUARDIAN_CONSENT_REQUIRED');
    expect(checkConsent(consent, '2012-12-07', '2026-12-07')).toEqual(consent);
    const guardian = {
      ...consent,
      givenBy: 'guardian' as const,
      guardian: { name: '李大山', relation: '父亲' },
    };
    expect(checkConsent(guardian, '2012-12-08', '2026-12-07')).toEqual(guardian);
    expect(
      code(() => checkConsent({ ...consent, sensitiveDataConsent: false }, '1990-01-01', '2026-12-07')),
    ).toBe('SENSITIVE_DATA_CONSENT_REQUIRED');
    expect(code(() => checkConsent(undefined, '1990-01-01', '2026-12-07'))).toBe('CONSENT_REQUIRED');
  });

  it('keeps a marked file as evaluation material: five years after the service period, or after the year of the mark', () => {
    const rule = DEFAULT_POLICY_PARAMETERS.retention;
    expect(recipientRetainUntil('2026-12-07', '2027-12-31', rule)).toBe('2032-12-31');
    expect(recipientRetainUntil('2026-03-01', undefined, rule)).toBe('2031-12-31');
  });
});
