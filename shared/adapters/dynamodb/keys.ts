/**
 * Every partition, sort and index key of the system is built here, so an access pattern is named once and the
 * README's access-pattern table can point at it.
 */
export const JINAN_CITY_CODE = '3701';

/** The byDue partitions of report slots: contract reports (report-deadlines job) and annual ones (November job). */
export type ReportDuePartition = 'REPORT' | 'ANNUAL_REPORT';

/**
 * Issue 20: write sharding of the byDue index. A logical due partition (`DUE#REPORT` …) is spread over
 * `DUE_SHARDS` partition keys, so that the national busiest day (40,386 report slots acted on 2026-11-30) is not
 * one GSI partition key taking every write (a partition takes at most 1,000 WCU/s, and a throttled GSI throttles
 * the table's writes). The count is derived in docs/architecture.md ("Hot partitions"): the worker acts on up to
 * 1,176 items/s, each moving its byDue entry (a delete and a put of the whole item, ALL projection), so a logical
 * partition takes up to ~7,000 WCU/s at the peak; 16 shards keep each under half of a partition's limit.
 *
 * An entry's shard is a hash of its reference (the sort key after the date: the item's id, stable while its date
 * moves), so an item stays in one shard all its life. Shard 0 keeps the partition's unsharded name: the entries
 * written before sharding (tables already deployed) are read as shard 0, with no migration and no extra query, and
 * move to their own shard the next time they are written.
 */
export const DUE_SHARDS = 16;
/** Former partitions no longer written (`DUE#EMAIL`): read as one key, as they were written. */
const UNSHARDED_DUE = new Set(['DUE#EMAIL']);
/** 32-bit FNV-1a: deterministic across processes and releases, cheap, evenly spread over ids and ULIDs. */
const fnv1a = (text: string): number => {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
};
/** How many partition keys a logical due partition is written over. */
export const dueShardCount = (partition: string): number => (UNSHARDED_DUE.has(partition) ? 1 : DUE_SHARDS);
/** The partition key of one shard (shard 0 is the partition's own name). */
export const dueShardKey = (partition: string, shard: number): string =>
  shard === 0 ? partition : `${partition}#${String(shard).padStart(2, '0')}`;
/** Every partition key of a logical due partition, shard 0 first: what a reader queries. */
export const dueShardKeys = (partition: string): string[] =>
  Array.from({ length: dueShardCount(partition) }, (_, shard) => dueShardKey(partition, shard));
/** The shard of an entry, from its reference (the byDue sort key after the date). */
export const dueShardOf = (partition: string, ref: string): number => fnv1a(ref) % dueShardCount(partition);
/** The logical partition of a byDue partition key (`DUE#REPORT#07` → `DUE#REPORT`). */
export const duePartitionOfKey = (gsi2pk: string): string => gsi2pk.replace(/#\d{2}$/, '');
/** A byDue entry: the shard's partition key and `on#ref` as the sort key. */
export const dueEntry = (partition: string, on: string, ref: string) => ({
  gsi2pk: dueShardKey(partition, dueShardOf(partition, ref)),
  gsi2sk: `${on}#${ref}`,
});

export const keys = {
  station: (id: string) => ({ pk: `STATION#${id}`, sk: 'STATION' }),
  /** byDistrict: the stations of a district, ordered by street. */
  stationByDistrict: (districtCode: string, streetCode: string, id: string) => ({
    gsi1pk: `DISTRICT#${districtCode}`,
    gsi1sk: `STATION#${streetCode}#${id}`,
  }),
  stationsOfDistrictPrefix: (districtCode: string, streetCode?: string) => ({
    gsi1pk: `DISTRICT#${districtCode}`,
    gsi1skPrefix: streetCode ? `STATION#${streetCode}#` : 'STATION#',
  }),
  /**
   * The public writes of one network source (a hash of its address) to one route within one hour: a counter that
   * expires (shared/adapters/dynamodb/public-write-limit.ts).
   */
  publicWriteWindow: (sourceHash: string, route: string, hourStartEpochSeconds: number) => ({
    pk: `PUBLICWRITES#${sourceHash}`,
    sk: `${route}#${hourStartEpochSeconds}`,
  }),
  /** Uniqueness guard: one station holds a street at a time (R2.1). */
  streetHolder: (streetCode: string) => ({ pk: `STREET#${streetCode}`, sk: 'ACTIVE_STATION' }),
  /** Social workers on a station's roster, across its contracts (office area per worker, R5.2). */
  rosterPrefix: (stationId: string) => ({ pk: `STATION#${stationId}`, skPrefix: 'WORKER#' }),
  /** The roster of one contract: its workers sit in the station's partition. */
  worker: (stationId: string, contractId: string, workerId: string) => ({
    pk: `STATION#${stationId}`,
    sk: `WORKER#${contractId}#${workerId}`,
  }),
  contractRosterPrefix: (stationId: string, contractId: string) => ({
    pk: `STATION#${stationId}`,
    skPrefix: `WORKER#${contractId}#`,
  }),

  /**
   * Uniqueness guard: one person (by their keyed ID-number digest, shared/adapters/crypto/person-digest.ts) on one
   * contract's roster at a time; holds the worker's id.
   */
  rosterPerson: (contractId: string, digest: string) => ({
    pk: `ROSTER_PERSON#${contractId}`,
    sk: digest,
  }),
  /** Uniqueness guard: one person (by their keyed ID-number digest) on one station's register; holds the file's id. */
  registerPerson: (stationId: string, digest: string) => ({
    pk: `REGISTER_PERSON#${stationId}`,
    sk: digest,
  }),
  /** The person-digest key of the deployment, wrapped under the field key (created once, never changed). */
  personDigestKey: () => ({ pk: 'CONFIG#PERSON_DIGEST_KEY', sk: 'v1' }),

  contract: (id: string) => ({ pk: `CONTRACT#${id}`, sk: 'CONTRACT' }),
  /** byDistrict: the contracts of a district, ordered by street. */
  contractByDistrict: (districtCode: string, streetCode: string, id: string) => ({
    gsi1pk: `DISTRICT#${districtCode}`,
    gsi1sk: `CONTRACT#${streetCode}#${id}`,
  }),
  contractsOfDistrictPrefix: (districtCode: string, streetCode?: string) => ({
    gsi1pk: `DISTRICT#${districtCode}`,
    gsi1skPrefix: streetCode ? `CONTRACT#${streetCode}#` : 'CONTRACT#',
  }),
  /** byOrg: the contracts of an operator. */
  contractByOrg: (orgId: string, id: string) => ({ gsi3pk: `ORG#${orgId}`, gsi3sk: `CONTRACT#${id}` }),
  contractsOfOrgPrefix: (orgId: string) => ({ gsi3pk: `ORG#${orgId}`, gsi3skPrefix: 'CONTRACT#' }),
  /** Uniqueness guard of a contract number in the city. */
  contractNumber: (number: string) => ({ pk: `CONTRACT_NUMBER#${number}`, sk: 'CONTRACT_NUMBER' }),
  /** A co-signed document of a contract's service year: the needs survey or the task book (R9.2). */
  contractDocument: (contractId: string, kind: 'needs-survey' | 'task-book', year: number) => ({
    pk: `CONTRACT#${contractId}`,
    sk: `DOC#${kind}#${year}`,
  }),
  /** Progress against one task of a service year's task book. */
  taskProgress: (contractId: string, year: number, taskId: string) => ({
    pk: `CONTRACT#${contractId}`,
    sk: `PROGRESS#${year}#${taskId}`,
  }),
  taskProgressPrefix: (contractId: string, year: number) => ({
    pk: `CONTRACT#${contractId}`,
    skPrefix: `PROGRESS#${year}#`,
  }),
  /** Append-only records of a contract or a station (supervision, meetings, safety checks, referrals). */
  record: (owner: string, kind: string, on: string, id: string) => ({
    pk: owner,
    sk: `${kind.toUpperCase()}#${on}#${id}`,
  }),
  recordPrefix: (owner: string, kind: string) => ({ pk: owner, skPrefix: `${kind.toUpperCase()}#` }),
  /** R21.1 platform applications: by id; in the reviewer's queue (the city or a district); by applicant. */
  platformApplication: (id: string) => ({ pk: `PLATFORM_APP#${id}`, sk: 'APPLICATION' }),
  platformApplicationQueue: (reviewer: string, id: string) => ({
    gsi1pk: reviewer,
    gsi1sk: `PLATFORM_APP#${id}`,
  }),
  platformApplicationsOfApplicant: (applicant: string, id: string) => ({
    gsi3pk: applicant,
    gsi3sk: `PLATFORM_APP#${id}`,
  }),
  /** One active contract per station at a time. */
  stationActiveContract: (stationId: string) => ({ pk: `STATION#${stationId}`, sk: 'ACTIVE_CONTRACT' }),

  /** R9.3/R20.1 report slots, with their submissions and read receipts in the slot's partition. */
  reportSlot: (id: string) => ({ pk: `REPORT#${id}`, sk: 'SLOT' }),
  reportPartition: (id: string) => `REPORT#${id}`,
  /** byDistrict: a district's slots by due date (timeliness per district and month, B3). */
  reportSlotByDistrict: (districtCode: string, dueOn: string, id: string) => ({
    gsi1pk: `DISTRICT#${districtCode}`,
    gsi1sk: `REPORT#${dueOn}#${id}`,
  }),
  reportSlotsOfDistrictRange: (districtCode: string, from: string, to: string) => ({
    gsi1pk: `DISTRICT#${districtCode}`,
    from: `REPORT#${from}`,
    to: `REPORT#${to}#\uffff`,
  }),
  /** byOrg: an operator's slots, by contract then due date. */
  reportSlotByOrg: (orgId: string, contractId: string, dueOn: string, id: string) => ({
    gsi3pk: `ORG#${orgId}`,
    gsi3sk: `REPORT#${contractId}#${dueOn}#${id}`,
  }),
  reportSlotsOfOrgPrefix: (orgId: string, contractId?: string) => ({
    gsi3pk: `ORG#${orgId}`,
    gsi3skPrefix: contractId ? `REPORT#${contractId}#` : 'REPORT#',
  }),
  /**
   * byDue: a slot sits in its job's partition only while it has a next step, sorted by that date, so the daily
   * job reads exactly the slots with something due (sparse index, no Scan).
   */
  reportDue: (partition: ReportDuePartition, nextActionOn: string, id: string) =>
    dueEntry(`DUE#${partition}`, nextActionOn, id),
  reportSubmission: (slotId: string, uploadId: string) => ({
    pk: `REPORT#${slotId}`,
    sk: `SUBMISSION#${uploadId}`,
  }),
  /** B2: the first time a reader of a recipient party opened a version. */
  readReceipt: (slotId: string, uploadId: string, party: string, sub: string) => ({
    pk: `REPORT#${slotId}`,
    sk: `READ#${uploadId}#${party}#${sub}`,
  }),
  /** A presigned upload handed out: single use, expires with TTL. */
  uploadTicket: (uploadId: string) => ({ pk: `UPLOAD#${uploadId}`, sk: 'TICKET' }),
  /** A party's inbox (notifications, newest last by ULID) and its e-mail address. */
  notification: (party: string, id: string) => ({ pk: `INBOX#${party}`, sk: `NOTE#${id}` }),
  inboxPrefix: (party: string) => ({ pk: `INBOX#${party}`, skPrefix: 'NOTE#' }),
  contact: (party: string) => ({ pk: `INBOX#${party}`, sk: 'CONTACT' }),
  /**
   * byDue `DUE#NOTICE`: a notice committed when the stage has channels besides the inbox, until its deliveries
   * are created (the transactional outbox; the notice-delivery job picks up what a dead process left).
   * `DUE#EMAIL` is the partition's former name, still read so that nothing committed before the change is lost.
   */
  noticeOutbox: (createdAt: string, party: string, id: string) =>
    dueEntry('DUE#NOTICE', createdAt, `${party}#${id}`),
  noticeOutboxPartitions: () => ['DUE#NOTICE', 'DUE#EMAIL'] as const,
  /** One delivery of a notice on one channel, next to the notice in its party's inbox partition. */
  noticeDelivery: (party: string, noteId: string, channel: string) => ({
    pk: `INBOX#${party}`,
    sk: `DELIVERY#${noteId}#${channel}`,
  }),
  /** byDue `DUE#DELIVERY`: a delivery while an attempt is due (pending) or its claim may expire (sending). */
  deliveryDue: (dueAt: string, party: string, noteId: string, channel: string) =>
    dueEntry('DUE#DELIVERY', dueAt, `${party}#${noteId}#${channel}`),
  deliveryDuePartition: () => 'DUE#DELIVERY',
  /**
   * byDistrict: a delivery that failed for good, in the partition of the district it was sent for (the city's
   * own code when it belongs to no district), newest last.
   */
  failedDelivery: (districtCode: string, failedAt: string, id: string) => ({
    gsi1pk: `DISTRICT#${districtCode}`,
    gsi1sk: `DELIVERY-FAILED#${failedAt}#${id}`,
  }),
  failedDeliveriesPrefix: (districtCode: string) => ({
    gsi1pk: `DISTRICT#${districtCode}`,
    gsi1skPrefix: 'DELIVERY-FAILED#',
  }),

  divisionsPartition: (cityCode: string = JINAN_CITY_CODE) => `DIVISIONS#${cityCode}`,
  district: (code: string, cityCode: string = JINAN_CITY_CODE) => ({
    pk: `DIVISIONS#${cityCode}`,
    sk: `DISTRICT#${code}`,
  }),
  street: (districtCode: string, code: string, cityCode: string = JINAN_CITY_CODE) => ({
    pk: `DIVISIONS#${cityCode}`,
    sk: `STREET#${districtCode}#${code}`,
  }),

  calendarPartition: () => 'CALENDAR',
  calendarYear: (year: number) => ({ pk: 'CALENDAR', sk: `YEAR#${year}` }),
  /**
   * Issue 18: a pending dated item that depends on a calendar year (a contract's report slots, an annual report
   * slot …), one item per year in a partition of its own, so "everything pending that depends on year Y" is read
   * by Query in pages, never by Scan. `ref` is `<kind>#<id>` (`report-contract#<orgId>#<contractId>`, `report#<slotId>`).
   */
  calendarDependent: (year: number, ref: string) => ({ pk: `CALDEP#${year}`, sk: ref }),
  calendarDependentsOf: (year: number) => `CALDEP#${year}`,
  /**
   * Issue 18: the recomputation a year's calendar entry (or correction) starts, written with it; in byDue
   * `DUE#CALENDAR` until every dependent of the year has been computed again (its cursor saved between batches).
   */
  calendarRecompute: (year: number, version: number) => ({
    pk: 'CALENDAR_RECOMPUTE',
    sk: `${year}#${String(version).padStart(6, '0')}`,
  }),
  calendarRecomputeDue: (on: string, year: number, version: number) =>
    dueEntry('DUE#CALENDAR', on, `${year}#${String(version).padStart(6, '0')}`),
  calendarRecomputeDuePartition: () => 'DUE#CALENDAR',

  /**
   * Issue 20: a fanned-out job's dispatch checkpoint for one Asia/Shanghai day: the byDue key of the last item it
   * handed to the work queue, so a run cut short (or a second run that day) resumes after it. One per byDue shard;
   * shard 0's is the day's checkpoint of before sharding, whose position was in the unsharded key (now shard 0).
   */
  jobCheckpoint: (jobId: string, day: string, shard = 0) => ({
    pk: `JOBRUN#${jobId}`,
    sk: shard === 0 ? `DAY#${day}` : `DAY#${day}#${String(shard).padStart(2, '0')}`,
  }),

  policyPartition: () => 'POLICY',
  policyVersion: (validFrom: string, id: string) => ({ pk: 'POLICY', sk: `VERSION#${validFrom}#${id}` }),
  /** Guard item: its revision changes with every change to the set of versions, so two changes cannot interleave. */
  policySetHead: () => ({ pk: 'POLICY', sk: 'HEAD' }),

  /**
   * R10.1: a document held for the archive, in the partition of its contract (or of its district, for a
   * district's annual report); in byDue `DUE#ARCHIVE` until its Object Lock copy is made.
   */
  archiveDocument: (owner: string, key: string) => ({ pk: `ARCHIVE#${owner}`, sk: `DOC#${key}` }),
  archiveDocumentsPrefix: (owner: string) => ({ pk: `ARCHIVE#${owner}`, skPrefix: 'DOC#' }),
  archiveDue: (on: string, key: string) => dueEntry('DUE#ARCHIVE', on, key),

  /**
   * Issue 19: a service recipient (服务对象) by id; byDistrict `RECIPIENTS#<station>` / `registeredAt#id`, the
   * station's register in the order of registration; byDue `DUE#RECIPIENT` / `anonymiseOn#id` while it is marked for
   * deletion, so the retention job reads exactly the records whose retention has ended.
   */
  recipient: (id: string) => ({ pk: `RECIPIENT#${id}`, sk: 'RECIPIENT' }),
  recipientByStation: (stationId: string, createdAt: string, id: string) => ({
    gsi1pk: `RECIPIENTS#${stationId}`,
    gsi1sk: `${createdAt}#${id}`,
  }),
  recipientsOfStation: (stationId: string) => `RECIPIENTS#${stationId}`,
  recipientDue: (anonymiseOn: string, id: string) => dueEntry('DUE#RECIPIENT', anonymiseOn, id),
  recipientDuePartition: () => 'DUE#RECIPIENT',

  /**
   * Issue 19 item 2: a service record (服务记录) by id; byDistrict `SERVICE_RECORDS#<station>#<YYYY-MM>` /
   * `date#id`, a station's records of one month in date order: what the list and the service-hours read (no Scan).
   */
  serviceRecord: (id: string) => ({ pk: `SERVICE_RECORD#${id}`, sk: 'SERVICE_RECORD' }),
  serviceRecordByStationMonth: (stationId: string, date: string, id: string) => ({
    gsi1pk: `SERVICE_RECORDS#${stationId}#${date.slice(0, 7)}`,
    gsi1sk: `${date}#${id}`,
  }),
  serviceRecordsOfStationMonth: (stationId: string, month: string) => `SERVICE_RECORDS#${stationId}#${month}`,
  /** A case (个案) by id; byDistrict `CASES#<station>` / `openedOn#id`, a station's cases in the order opened. */
  serviceCase: (id: string) => ({ pk: `CASE#${id}`, sk: 'CASE' }),
  serviceCaseByStation: (stationId: string, openedOn: string, id: string) => ({
    gsi1pk: `CASES#${stationId}`,
    gsi1sk: `${openedOn}#${id}`,
  }),
  serviceCasesOfStation: (stationId: string) => `CASES#${stationId}`,
  /** A volunteer (志愿者) by id; byDistrict `VOLUNTEERS#<station>` / `createdAt#id`, the station's register. */
  volunteer: (id: string) => ({ pk: `VOLUNTEER#${id}`, sk: 'VOLUNTEER' }),
  volunteerByStation: (stationId: string, createdAt: string, id: string) => ({
    gsi1pk: `VOLUNTEERS#${stationId}`,
    gsi1sk: `${createdAt}#${id}`,
  }),
  volunteersOfStation: (stationId: string) => `VOLUNTEERS#${stationId}`,
  /** Volunteer hours by id; byDistrict `VOLUNTEER_HOURS#<station>#<YYYY-MM>` / `date#id`, a station's month. */
  volunteerHours: (id: string) => ({ pk: `VOLUNTEER_HOURS#${id}`, sk: 'VOLUNTEER_HOURS' }),
  volunteerHoursByStationMonth: (stationId: string, date: string, id: string) => ({
    gsi1pk: `VOLUNTEER_HOURS#${stationId}#${date.slice(0, 7)}`,
    gsi1sk: `${date}#${id}`,
  }),
  volunteerHoursOfStationMonth: (stationId: string, month: string) => `VOLUNTEER_HOURS#${stationId}#${month}`,

  /**
   * R29.1: the head (last seq and hash) of an entity's audit hash chain, in the audit table beside the records
   * but in a partition of its own (so an entity's history and the byScope index never list it).
   */
  auditChainHead: (entityType: string, entityId: string) => ({
    pk: `CHAIN#${entityType}#${entityId}`,
    sk: 'HEAD',
  }),

  /** A bulk import (批量导入) of one file: its ticket, checks and progress. */
  importRecord: (id: string) => ({ pk: `IMPORT#${id}`, sk: 'IMPORT' }),
  /**
   * The row of a kind that an import wrote, by the row's natural key (a street code, a contract number, a contract
   * number and a hash of an ID number): written in the row's own transaction, so no row is imported twice.
   */
  importRow: (kind: string, rowKey: string) => ({ pk: `IMPORTROW#${kind}#${rowKey}`, sk: 'ROW' }),
  /** A file (its SHA-256) of a kind that an uploader's scope imported in full: its re-upload writes nothing. */
  importFile: (kind: string, scopeKey: string, sha256: string) => ({
    pk: `IMPORTFILE#${kind}#${scopeKey}#${sha256}`,
    sk: 'FILE',
  }),

  /** Audit table: the history of one entity, and the byScope index for a district (or the city). */
  auditOfEntity: (entityType: string, entityId: string) => `ENTITY#${entityType}#${entityId}`,
  audit: (entityType: string, entityId: string, at: string, id: string) => ({
    pk: `ENTITY#${entityType}#${entityId}`,
    sk: `AT#${at}#${id}`,
  }),
  auditByScope: (district: string | undefined, at: string, id: string) => ({
    gsi1pk: `SCOPE#${district ?? 'CITY'}`,
    gsi1sk: `AT#${at}#${id}`,
  }),
  auditScopePartition: (district: string | 'CITY') => `SCOPE#${district}`,
} as const;
