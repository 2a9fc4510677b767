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
