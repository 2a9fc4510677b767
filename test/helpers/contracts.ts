/** A valid contract body for tests: 60 万元 split 45/10/5 万 and paid in two tranches of 30 万. */
export const contractTerms = (number: string, orgId = 'org-op-a') => ({
  number,
  operator: { orgId, name: `承接方 ${orgId}`, kind: 'social_organization' as const },
  servicePeriod: { start: '2026-01-01', end: '2027-12-31' },
  amountFen: 60_000_000,
  breakdown: { labourFen: 45_000_000, qualityAssuranceFen: 10_000_000, operatorManagementFen: 5_000_000 },
  staffing: { total: 4, minimumByLevel: { intermediate: 1, assistant: 2 } },
  paymentSchedule: [
    { seq: 1, plannedOn: '2026-01-15', amountFen: 30_000_000, precondition: 'contract_signed' as const },
    {
      seq: 2,
      plannedOn: '2026-07-15',
      amountFen: 30_000_000,
      precondition: 'midterm_report_accepted' as const,
    },
  ],
});

/** Valid GB 11643 ID numbers (check digits computed), for roster tests only. */
export const TEST_ID_NUMBERS = ['11010519491231002X', '370102199001011231'] as const;

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/**
 * The `n`-th of 900 distinct valid GB 11643 ID numbers (born 1990-01-01 in 历下区, sequence 100 + n, check digit
 * computed): for tests that put several people on one roster or register, where one person may be there once.
 */
export function testIdNumber(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n >= 900) throw new Error(`testIdNumber: 0 ≤ n < 900, not ${n}`);
  const body = `37010219900101${100 + n}`;
  const sum = ID_WEIGHTS.reduce((acc, w, i) => acc + w * Number(body[i]), 0);
  return `${body}${ID_CHECK[sum % 11]}`;
}
