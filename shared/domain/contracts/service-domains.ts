import { addDays, compareDates, type IsoDate } from '#shared/domain/calendar/dates';
import { DomainError } from '#shared/domain/errors';

/** R4.1 service domains (附件1): 社会救助、养老服务、城乡社区治理、儿童福利、社会事务、社工人才队伍建设. */
export const SERVICE_DOMAINS = [
  'social_assistance',
  'elderly_services',
  'community_governance',
  'child_welfare',
  'social_affairs',
  'talent_development',
] as const;
export type ServiceDomain = (typeof SERVICE_DOMAINS)[number];
export const SERVICE_DOMAIN_NAMES: Readonly<Record<ServiceDomain, string>> = {
  social_assistance: '社会救助',
  elderly_services: '养老服务',
  community_governance: '城乡社区治理',
  child_welfare: '儿童福利',
  social_affairs: '社会事务',
  talent_development: '社工人才队伍建设',
};

/** R4.1: each service year the station picks between min and max (2–3 by default) distinct key domains. */
export function checkKeyDomains(
  domains: readonly ServiceDomain[],
  bounds: { min: number; max: number },
): void {
  const distinct = new Set(domains);
  if (distinct.size !== domains.length) {
    throw new DomainError('KEY_DOMAINS_DUPLICATED', 422, '重点服务领域重复', undefined, {
      rule: 'R4.1',
      errors: [{ path: 'body.domains', message: '重点服务领域不得重复' }],
    });
  }
  if (domains.length < bounds.min || domains.length > bounds.max) {
    throw new DomainError(
      'KEY_DOMAINS_COUNT',
      422,
      `每个服务年度应确定 ${bounds.min}–${bounds.max} 个重点服务领域`,
      `现选了 ${domains.length} 个，请调整为 ${bounds.min}–${bounds.max} 个。`,
      {
        rule: 'R4.1',
        errors: [
          { path: 'body.domains', message: `应为 ${bounds.min}–${bounds.max} 个，实为 ${domains.length} 个` },
        ],
      },
    );
  }
}

const addYears = (date: IsoDate, years: number): IsoDate => {
  const y = Number(date.slice(0, 4)) + years;
  const md = date.slice(5);
  // 29 February falls back to 28 February in a common year.
  const candidate = `${y}-${md}`;
  return md === '02-29' && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)) ? `${y}-02-28` : candidate;
};

/**
 * The service years of a contract: year n runs from the start's anniversary to the day before the next one,
 * the last year ending with the period.
 */
export function serviceYears(period: {
  start: IsoDate;
  end: IsoDate;
}): { n: number; start: IsoDate; end: IsoDate }[] {
  const years: { n: number; start: IsoDate; end: IsoDate }[] = [];
  for (let n = 1; ; n++) {
    const start = addYears(period.start, n - 1);
    if (compareDates(start, period.end) > 0) break;
    const naturalEnd = addDays(addYears(period.start, n), -1);
    years.push({ n, start, end: compareDates(naturalEnd, period.end) < 0 ? naturalEnd : period.end });
  }
  return years;
}
