import type { IsoDate } from '#shared/domain/calendar/dates';
import { DomainError, invalidTransition } from '#shared/domain/errors';

/**
 * A written application to use a station's platform for an extended service (外延性服务, R21.1). A city-level
 * department applies to the city civil affairs bureau; a district department or a street office to its district's
 * civil affairs bureau. On approval, the service contract between the applicant and the station's operator is
 * recorded, and the applicant is its supervising party (谁购买、谁监管、谁考核).
 */
export interface PlatformApplication {
  readonly id: string;
  /** Who reviews it: the city (city-level department) or the district. */
  readonly level: 'city' | 'district';
  /** The reviewing district, for district-level applications. */
  readonly districtCode?: string;
  readonly applicant: Applicant;
  readonly stationId: string;
  readonly stationDistrictCode: string;
  readonly stationStreetCode: string;
  readonly reason: string;
  readonly project: string;
  readonly serviceNeeds: string;
  readonly funding: { readonly source: string; readonly amountFen: number };
  /** Staff the applicant brings, which must not be the station's current staff. */
  readonly staffing: {
    readonly count: number;
    readonly description: string;
    readonly excludesStationStaff: true;
  };
  readonly status: ApplicationStatus;
  readonly decision?: {
    readonly outcome: 'approved' | 'rejected';
    readonly reason: string;
    readonly by: string;
    readonly at: string;
  };
  readonly serviceContract?: ServiceContract;
  /** The party that supervises and assesses the service: the applicant, recorded on approval. */
  readonly supervisingParty?: Applicant;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface Applicant {
  readonly kind: 'department' | 'street_office';
  readonly name: string;
  readonly org?: string;
  readonly street?: string;
}

export interface ServiceContract {
  readonly number: string;
  readonly signedOn: IsoDate;
  readonly operatorOrgId: string;
  readonly amountFen: number;
  readonly servicePeriod: { readonly start: IsoDate; readonly end: IsoDate };
}

export const APPLICATION_STATUSES = ['submitted', 'approved', 'rejected'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];
export const APPLICATION_STATUS_NAMES: Readonly<Record<ApplicationStatus, string>> = {
  submitted: '待审核',
  approved: '已批准',
  rejected: '已驳回',
};

/** A decision is taken once: submitted → approved | rejected. */
export function decide(status: ApplicationStatus, outcome: 'approved' | 'rejected'): ApplicationStatus {
  if (status !== 'submitted')
    throw invalidTransition('平台使用申请', APPLICATION_STATUS_NAMES, status, outcome, 'R21.1');
  return outcome;
}

/** An approval needs the service contract, signed with the station's operator, over a period that runs forward. */
export function checkServiceContract(
  contract: ServiceContract | undefined,
  stationOperator: string | undefined,
): ServiceContract {
  if (!contract) {
    throw new DomainError(
      'SERVICE_CONTRACT_REQUIRED',
      422,
      '批准时须登记申请方与承接方签订的服务合同',
      undefined,
      {
        rule: 'R21.1',
        errors: [{ path: 'body.serviceContract', message: '必填' }],
      },
    );
  }
  if (!stationOperator) {
    throw new DomainError(
      'STATION_HAS_NO_OPERATOR',
      409,
      '该社工站暂无生效中的承接方合同',
      '申请须使用有生效中服务合同的社工站；请选择其他社工站。',
      {
        rule: 'R21.1',
      },
    );
  }
  if (contract.operatorOrgId !== stationOperator) {
    throw new DomainError('NOT_THE_STATION_OPERATOR', 422, '服务合同的乙方应为该社工站的承接方', undefined, {
      rule: 'R21.1',
      errors: [{ path: 'body.serviceContract.operatorOrgId', message: '应为该社工站的承接方' }],
    });
  }
  if (contract.servicePeriod.end < contract.servicePeriod.start) {
    throw new DomainError('SERVICE_PERIOD_INVALID', 422, '服务期截止日期早于起始日期', undefined, {
      errors: [{ path: 'body.serviceContract.servicePeriod.end', message: '服务期截止日期早于起始日期' }],
    });
  }
  return contract;
}
