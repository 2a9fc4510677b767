import type { JobId, RouteId, triggers } from '#shared/manifest';

/**
 * What a route's function does with sealed personal data (see field-crypto.ts), and so what it is granted on AWS
 * (infra/constructs/app-function.construct.ts):
 *
 * - `seal`: it encrypts new personal data: `kms:GenerateDataKey` on the field key, and FIELD_KEY_ID.
 * - `reveal`: it opens personal data for a caller allowed to see it, and records that read in the audit trail:
 *   `kms:Decrypt` on the field key, FIELD_KEY_ID, and append on the audit table even for a GET.
 *
 * Every other function (lists, the deadline jobs, updates that leave the sealed values as they are) passes sealed
 * values through unopened and holds no key: in Lambda, sealing or opening without FIELD_KEY_ID throws.
 */
export type PersonalDataUse = 'seal' | 'reveal';

export const PERSONAL_DATA_ROUTES = {
  /** The worker's ID-card number and phone. */
  addWorker: 'seal',
  /** A new phone. */
  updateWorker: 'seal',
  /** The employing operator or the purchasing district reads a worker's ID number and phone (audited). */
  revealWorker: 'reveal',
  /** The complainant's name and contact. */
  fileComplaint: 'seal',
  /** An objector's contact details (a public route). */
  lodgeObjection: 'seal',
  /** The district handling an objection reads the objector's contact (each read audited). */
  revealObjectionContact: 'reveal',
  /** The district handling a complaint reads the complainant's name and contact (each read audited). */
  getComplaint: 'reveal',
  /** A service recipient's name, ID number, phone, address and consenting guardian's name (issue 19). */
  registerRecipient: 'seal',
  /** A new phone, address or guardian's name of a recipient. */
  updateRecipient: 'seal',
  /** The station's operator or the district reads a recipient's personal data, with a reason (each read audited). */
  revealRecipient: 'reveal',
  /**
   * An export of workers or recipients in full, for the district civil affairs bureau with a reason (issue 19 item
   * 5): opens every person's data in the file, one audit record naming them all.
   */
  createExport: 'reveal',
  /** A volunteer's phone (issue 19 item 2). */
  registerVolunteer: 'seal',
  /** A party's mobile phone for SMS notices (shown masked; never opened by a route). */
  putNotificationSettings: 'seal',
} as const satisfies Partial<Record<RouteId, PersonalDataUse>>;

/**
 * Jobs that open personal data: the notice-delivery job opens a party's phone to send it an SMS — inside the
 * sending function only (the job's worker: its dispatcher only hands deliveries on), never returned or logged
 * (kms:Decrypt; no other function that notifies holds it).
 */
export const PERSONAL_DATA_JOBS = {
  'notice-delivery': 'reveal',
} as const satisfies Partial<Record<JobId, PersonalDataUse>>;

/** Storage triggers that seal personal data: a bulk import of workers seals each one's ID number and phone. */
export const PERSONAL_DATA_TRIGGERS = {
  'process-import': 'seal',
} as const satisfies Partial<Record<keyof typeof triggers, PersonalDataUse>>;

export const personalDataUseOfTrigger = (triggerId: string): PersonalDataUse | undefined =>
  (PERSONAL_DATA_TRIGGERS as Partial<Record<string, PersonalDataUse>>)[triggerId];

export const personalDataUseOf = (routeId: string): PersonalDataUse | undefined =>
  (PERSONAL_DATA_ROUTES as Partial<Record<string, PersonalDataUse>>)[routeId];

export const personalDataUseOfJob = (jobId: string): PersonalDataUse | undefined =>
  (PERSONAL_DATA_JOBS as Partial<Record<string, PersonalDataUse>>)[jobId];

/**
 * Functions that name people by the keyed digest of their ID number (shared/adapters/crypto/person-digest.ts): the
 * roster's and the register's guard of a person, the row markers of an import of people. They open the
 * deployment's digest key: `kms:GenerateDataKey` (the first one makes it) and `kms:Decrypt` on the field key with
 * the encryption context `purpose: person-digest` only, which opens no personal data.
 */
export const PERSON_DIGEST_ROUTES = ['addWorker', 'registerRecipient'] as const satisfies readonly RouteId[];
export const PERSON_DIGEST_TRIGGERS = [
  'process-import',
] as const satisfies readonly (keyof typeof triggers)[];

export const usesPersonDigest = (id: string): boolean =>
  (PERSON_DIGEST_ROUTES as readonly string[]).includes(id) ||
  (PERSON_DIGEST_TRIGGERS as readonly string[]).includes(id);
