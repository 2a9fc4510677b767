import { describe, expect, it } from 'vitest';
import { checkTerms, transitionContract } from '#shared/domain/contracts/contract';
import {
  isValidIdNumber,
  maskIdNumber,
  maskPhone,
  staffingShortfalls,
} from '#shared/domain/contracts/roster';
import { checkKeyDomains, serviceYears } from '#shared/domain/contracts/service-domains';
import { DomainError } from '#shared/domain/errors';
import { contractTerms } from '#test/helpers/contracts';

const issuesOf = (fn: () => void): string[] => {
  try {
    fn();
    return [];
  } catch (error) {
    return ((error as DomainError).extras.errors ?? []).map((e) => e.path);
  }
};

describe('contract terms (R3.1, R23.1)', () => {
  it('accepts terms whose three parts and tranches add up to the amount exactly', () => {
    expect(issuesOf(() => checkTerms(contractTerms('A')))).toEqual([]);
  });

  it('refuses a breakdown one fen short of the amount, saying by how much', () => {
    const terms = contractTerms('A');
    const short = { ...terms, breakdown: { ...terms.breakdown, operatorManagementFen: 4_999_999 } };
    expect(() => checkTerms(short)).toThrowError(DomainError);
    expect(issuesOf(() => checkTerms(short))).toEqual(['body.breakdown']);
  });

  it('refuses tranches one fen over the amount', () => {
    const terms = contractTerms('A');
    const over = {
      ...terms,
      paymentSchedule: [terms.paymentSchedule[0], { ...terms.paymentSchedule[1], amountFen: 30_000_001 }],
    } as typeof terms;
    expect(issuesOf(() => checkTerms(over))).toEqual(['body.paymentSchedule']);
  });

  it('refuses a period that ends before it starts, tranches out of order and level minimums above the head count', () => {
    const terms = contractTerms('A');
    const bad = {
      ...terms,
      servicePeriod: { start: '2026-01-01', end: '2025-12-31' },
      staffing: { total: 2, minimumByLevel: { intermediate: 2, assistant: 1 } },
      paymentSchedule: [
        { seq: 1, plannedOn: '2026-07-15', amountFen: 30_000_000 },
        { seq: 2, plannedOn: '2026-01-15', amountFen: 30_000_000 },
      ],
    };
    expect(issuesOf(() => checkTerms(bad))).toEqual([
      'body.servicePeriod.end',
      'body.paymentSchedule.1.plannedOn',
      'body.staffing.minimumByLevel',
    ]);
  });

  it('moves draft → active → completed | terminated and nothing else', () => {
    expect(transitionContract('draft', 'active')).toBe('active');
    expect(transitionContract('active', 'terminated')).toBe('terminated');
    expect(() => transitionContract('draft', 'completed')).toThrowError(DomainError);
    expect(() => transitionContract('completed', 'active')).toThrowError(DomainError);
  });
});

describe('key service domains (R4.1)', () => {
  const bounds = { min: 2, max: 3 };
  it('accepts 2 and 3 domains', () => {
    expect(() => checkKeyDomains(['social_assistance', 'child_welfare'], bounds)).not.toThrow();
    expect(() =>
      checkKeyDomains(['social_assistance', 'child_welfare', 'elderly_services'], bounds),
    ).not.toThrow();
  });

  it('refuses 1 and 4 domains, and a domain twice, naming R4.1', () => {
    const codeOf = (fn: () => void) => {
      try {
        fn();
        return 'accepted';
      } catch (error) {
        return `${(error as DomainError).code} ${(error as DomainError).extras.rule}`;
      }
    };
    expect(codeOf(() => checkKeyDomains(['social_assistance'], bounds))).toBe('KEY_DOMAINS_COUNT R4.1');
    expect(
      codeOf(() =>
        checkKeyDomains(['social_assistance', 'child_welfare', 'elderly_services', 'social_affairs'], bounds),
      ),
    ).toBe('KEY_DOMAINS_COUNT R4.1');
    expect(codeOf(() => checkKeyDomains(['child_welfare', 'child_welfare'], bounds))).toBe(
      'KEY_DOMAINS_DUPLICATED R4.1',
    );
  });

  it('splits a contract period into service years from its start date', () => {
    expect(serviceYears({ start: '2026-03-01', end: '2028-02-29' })).toEqual([
      { n: 1, start: '2026-03-01', end: '2027-02-28' },
      { n: 2, start: '2027-03-01', end: '2028-02-29' },
    ]);
    expect(serviceYears({ start: '2026-01-01', end: '2026-06-30' })).toEqual([
      { n: 1, start: '2026-01-01', end: '2026-06-30' },
    ]);
  });
});

describe('roster (R9.1) and personal data', () => {
  it('masks ID numbers and phones', () => {
    expect(maskIdNumber('370102199001011231')).toBe('370102********1231');
    expect(maskPhone('13812345678')).toBe('138****5678');
  });

  it('checks the ID number check character', () => {
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    expect(isValidIdNumber('110105194912310021')).toBe(false);
    expect(isValidIdNumber('11010519491231002')).toBe(false);
  });

  it('counts higher qualifications toward lower minimums, and names each shortfall', () => {
    const required = { total: 4, minimumByLevel: { intermediate: 1, assistant: 2 } };
    const staffed = [
      { qualification: 'senior' },
      { qualification: 'intermediate' },
      { qualification: 'assistant' },
      { qualification: 'none' },
    ] as const;
    expect(staffingShortfalls(required, staffed)).toEqual([]);
    expect(
      staffingShortfalls(required, [{ qualification: 'intermediate' }, { qualification: 'none' }]),
    ).toEqual(['在岗 2 人，合同要求 4 人', '助理社会工作师及以上 1 人，要求至少 3 人']);
  });
});
