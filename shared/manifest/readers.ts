import { ROLES, type Role } from '#shared/domain/access/roles';

/** The groups of roles that read a kind of record, shared by the areas' routes. */

export const CITY_AND_DISTRICT_READERS: readonly Role[] = [
  'city_civil_affairs',
  'city_finance',
  'district_civil_affairs',
  'district_finance',
  'street_office',
  'auditor',
];
export const EVERY_ROLE: readonly Role[] = ROLES;
export const CONTRACT_READERS: readonly Role[] = [...CITY_AND_DISTRICT_READERS, 'operator'];
export const FUNDS_READERS: readonly Role[] = [...CONTRACT_READERS];
export const DISTRICT_FIGURES: readonly Role[] = [
  'city_civil_affairs',
  'city_finance',
  'district_civil_affairs',
  'district_finance',
  'auditor',
];
/** A report slot is read by the contract's readers and, for its evaluation report, the commissioned third party. */
export const REPORT_READERS: readonly Role[] = [...CONTRACT_READERS, 'third_party'];
/** An evaluation is read by its district, street office and commissioned third party, the city and auditors. */
export const EVALUATION_READERS: readonly Role[] = [...CITY_AND_DISTRICT_READERS, 'third_party'];
