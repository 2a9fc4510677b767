import { archiveDocumentOf, archiveDocumentWrite } from '#shared/adapters/dynamodb/archives.repository';
import { createComplaintWrites } from '#shared/adapters/dynamodb/complaints.repository';
import { contractToItem } from '#shared/adapters/dynamodb/contracts.repository';
import {
  createEvaluationWrite,
  createNoticeWrite,
  createWindowWrite,
  type EvaluationWindowRecord,
  type WindowStep,
} from '#shared/adapters/dynamodb/evaluations.repository';
import { createLedgerWrite, type LedgerEntry } from '#shared/adapters/dynamodb/funds.repository';
import {
  createHandoverWrite,
  createServiceRecordWrite,
  type ServiceRecord,
} from '#shared/adapters/dynamodb/handover.repository';
import { duePartitionOfKey, keys } from '#shared/adapters/dynamodb/keys';
import { createRecipientWrite } from '#shared/adapters/dynamodb/recipients.repository';
import { createRectificationWrite } from '#shared/adapters/dynamodb/rectification.repository';
import { slotToItem } from '#shared/adapters/dynamodb/reports.repository';
import { stationToItem } from '#shared/adapters/dynamodb/stations.repository';
import type { Write } from '#shared/adapters/dynamodb/unit-of-work';
import { versionKey } from '#shared/adapters/s3/reports-store';
import { retainUntil } from '#shared/domain/archives/retention';
import {
  addDays,
  compareDates,
  daysBetween,
  type IsoDate,
  shanghaiDate,
} from '#shared/domain/calendar/dates';
import type { WorkingCalendar } from '#shared/domain/calendar/working-days';
import { type Complaint, complaintDeadlines, hashTrackingCode } from '#shared/domain/complaints/complaint';
import type { Contract } from '#shared/domain/contracts/contract';
import { serviceYears } from '#shared/domain/contracts/service-domains';
import {
  type Evaluation,
  evaluationWindow,
  type PublicityNotice,
  publicityPeriod,
} from '#shared/domain/evaluation/evaluation';
import {
  formatHundredths,
  formatTenThousandths,
  GRADE_NAMES,
  gradeOf,
  passes,
  weightedTotal,
} from '#shared/domain/evaluation/scoring';
import { LEDGER_CATEGORIES, LEDGER_CATEGORY_NAMES } from '#shared/domain/funds/categories';
import {
  type Handover,
  handoverSchedule,
  SENSITIVE_KINDS,
  SERVICE_RECORD_KINDS,
  type ServiceRecordKind,
  standardItems,
} from '#shared/domain/handover/handover';
import { evaluationAlerts, type PolicyVersion, resolvePolicy } from '#shared/domain/policy/policy';
import type { Recipient } from '#shared/domain/recipients/recipient';
import {
  nextRectificationAction,
  type Rectification,
  rectificationDeadline,
} from '#shared/domain/rectification/rectification';
import {
  annualReportPlan,
  contractReportPlan,
  evaluationReportPlan,
  isOnTime,
  nextActionOf,
  openSlot,
  type ReportSlot,
} from '#shared/domain/reports/report-slot';
import type { Station } from '#shared/domain/stations/station';
import { fakeUlid, prng } from './lib';

/**
 * The national-scale data of the jobs benchmark (./jobs.ts), generated deterministically: stations with an active
 * one-year contract each (begun on any day of the year before the benchmark day), the contract's report slots,
 * its evaluation window, and — as the year goes — its evaluation, the third party's report slot and the publicity
 * notice; complaints, rectification items and archive handovers at plausible national rates; the archive documents
 * recorded in the hour before the benchmark's instant (passed report versions, ledger vouchers, service records,
 * handover agreements) and still waiting for the hourly archive-copies job; and one annual report slot per
 * county-level unit.
 *
 * Every record is built with the domain's own planners (contractReportPlan, publicityPeriod, complaintDeadlines …)
 * and turned into an item by the repositories' own builders (slotToItem, contractToItem, createWindowWrite …), so
 * the items have exactly the keys and shapes the system writes, sparse byDue entries included.
 *
 * Each record is then brought to its state *as of the benchmark day*, as if the system had run every day before
 * it: reports submitted on time or late by most operators (and no longer in the byDue index), steps before the
 * day acted on, evaluations scored, published and closed on their own timelines. What is due on the day is what
 * a daily job would find: the steps that fall on it.
 */

export interface Unit {
  /** Position of the unit (a station, or a county-level unit's annual report). */
  readonly index: number;
  readonly kind: 'station' | 'district';
  readonly items: readonly Record<string, unknown>[];
  /** One entry per item due on the day, by byDue partition, with the items a run acting on it changes. */
  readonly due: readonly {
    readonly partition: string;
    readonly restore: readonly Record<string, unknown>[];
  }[];
}

export interface NationalConfig {
  readonly stations: number;
  /** County-level units the stations are spread over (Jinan's own units come first). */
  readonly districts: number;
  readonly day: IsoDate;
  /**
   * The instant the jobs run (on `day`): the archive documents recorded in the hour before it are pending, due
   * for the hourly archive-copies job.
   */
  readonly instant: Date;
  readonly policies: readonly PolicyVersion[];
  readonly calendar: WorkingCalendar;
  readonly jinan: readonly { readonly code: string; readonly name: string }[];
}

const putItem = (write: Write): Record<string, unknown> => {
  const item = write.item.Put?.Item;
  if (!item) throw new Error('expected a Put');
  return item as Record<string, unknown>;
};

/** The date of a due entry, or undefined when the item is not in the byDue index. */
const dueDate = (item: Record<string, unknown>): string | undefined =>
  typeof item.gsi2sk === 'string' ? item.gsi2sk.slice(0, 10) : undefined;

const addYears = (date: IsoDate, years: number): IsoDate =>
  `${Number(date.slice(0, 4)) + years}${date.slice(4)}`;
const pad = (n: number, w: number) => String(n).padStart(w, '0');
const EPOCH = Date.parse('2025-01-01T00:00:00Z');

/**
 * Date arithmetic and the planners are pure functions of a few hundred distinct dates, so they are computed once
 * per date and reused: generating 40,000 stations then takes seconds instead of minutes.
 */
class Memo {
  private readonly values = new Map<string, unknown>();
  get<T>(key: string, make: () => T): T {
    if (this.values.has(key)) return this.values.get(key) as T;
    const value = make();
    this.values.set(key, value);
    return value;
  }
  shift(date: IsoDate, days: number): IsoDate {
    return this.get(`d|${date}|${days}`, () => addDays(date, days));
  }
}

/** County-level unit codes: Jinan's real ones, then synthetic GB/T 2260-shaped codes outside Shandong's 37. */
export function districtsOf(config: NationalConfig): { code: string; name: string }[] {
  const out = config.jinan.map((d) => ({ code: d.code, name: d.name }));
  const random = prng(1949);
  const seen = new Set(out.map((d) => d.code));
  while (out.length < config.districts) {
    const province = [
      11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61,
      62, 63, 64, 65,
    ][Math.floor(random() * 30)] as number;
    const code = `${province}${pad(1 + Math.floor(random() * 20), 2)}${pad(1 + Math.floor(random() * 30), 2)}`;
    if (seen.has(code)) continue;
    seen.add(code);
    out.push({ code, name: `县级单位${code}` });
  }
  return out;
}

/** Every unit, station by station, then the county-level units' annual reports. */
export function* nationalUnits(config: NationalConfig): Generator<Unit> {
  const districts = districtsOf(config);
  const memo = new Memo();
  for (let i = 0; i < config.stations; i++) yield stationUnit(config, memo, districts, i);
  for (let d = 0; d < districts.length; d++)
    yield annualUnit(config, districts[d] as { code: string; name: string }, config.stations + d);
}

function withDue(
  index: number,
  kind: Unit['kind'],
  items: Record<string, unknown>[],
  day: IsoDate,
  restoreOf: (item: Record<string, unknown>) => Record<string, unknown>[],
): Unit {
  const due = items
    .filter((item) => {
      const on = dueDate(item);
      return on !== undefined && compareDates(on, day) <= 0;
    })
    .map((item) => ({ partition: duePartitionOfKey(String(item.gsi2pk)), restore: restoreOf(item) }));
  return { index, kind, items, due };
}

/** A report slot as of `day`: submitted (and out of the byDue index) by most, steps before the day acted on. */
function slotAsOf(
  slot: ReportSlot,
  day: IsoDate,
  memo: Memo,
  random: () => number,
  uploadIds: () => string,
): ReportSlot {
  const u = random();
  const from = memo.shift(slot.period.end, 1);
  const window = memo.get(`w|${from}|${slot.dueOn}`, () => Math.max(0, daysBetween(from, slot.dueOn)));
  const submittedOn =
    u < 0.9
      ? memo.shift(from, Math.floor(random() * (window + 1)))
      : u < 0.97
        ? memo.shift(slot.dueOn, 1 + Math.floor(random() * 15))
        : undefined;
  const { nextActionOn: _n, ...rest } = slot;
  if (submittedOn && compareDates(submittedOn, day) < 0) {
    const steps = slot.steps.map((s) =>
      compareDates(s.on, submittedOn) < 0 ? { ...s, done: 'acted' as const } : s,
    );
    const accepted = compareDates(submittedOn, memo.shift(day, -7)) < 0;
    const at = `${submittedOn}T02:00:00.000Z`;
    return {
      ...rest,
      steps,
      status: accepted ? 'accepted' : 'submitted',
      overdue: steps.some((s) => s.kind === 'overdue' && s.done === 'acted'),
      currentUploadId: uploadIds(),
      firstSubmittedOn: submittedOn,
      onTime: compareDates(submittedOn, slot.dueOn) <= 0,
      reviews: accepted
        ? slot.recipients.map((p) => ({
            party:
              'district' in p ? `${p.role}:${p.district}` : 'street' in p ? `${p.role}:${p.street}` : p.role,
            decision: 'accept' as const,
            by: { sub: 'reviewer', username: 'reviewer' },
            at,
          }))
        : [],
      version: accepted ? 3 : 2,
      updatedAt: at,
    };
  }
  const steps = slot.steps.map((s) => (compareDates(s.on, day) < 0 ? { ...s, done: 'acted' as const } : s));
  const next = nextActionOf(steps);
  return {
    ...rest,
    steps,
    overdue: steps.some((s) => s.kind === 'overdue' && s.done === 'acted'),
    ...(next ? { nextActionOn: next } : {}),
    version: 1 + steps.filter((s) => s.done).length,
  };
}

function stationUnit(
  config: NationalConfig,
  memo: Memo,
  districts: readonly { code: string; name: string }[],
  i: number,
): Unit {
  const { day, policies, calendar } = config;
  const random = prng(100_003 + i);
  let ids = 0;
  const id = () => fakeUlid(EPOCH + i * 1000, i * 64 + ids++);
  const district = districts[i % districts.length] as { code: string; name: string };
  const streetCode = `${district.code}${pad(1 + Math.floor(i / districts.length), 3)}`;
  const streetName = `第${1 + Math.floor(i / districts.length)}街道`;
  const createdAt = '2024-12-01T01:00:00.000Z';
  const station: Station = {
    id: id(),
    districtCode: district.code,
    districtName: district.name,
    streetCode,
    streetName,
    standardName: `${district.name}${streetName}社会工作服务站`,
    address: `${streetName}社区服务中心`,
    keyTargetGroups: ['elderly', 'children'],
    status: 'active',
    version: 1,
    createdAt,
    updatedAt: createdAt,
  };
  const org = `org-op-${pad((i * 7919) % 8000, 4)}`;
  const start = memo.shift(day, -Math.floor(random() * 365));
  const end = memo.shift(addYears(start, 1), -1);
  const contract: Contract = {
    id: id(),
    number: `${district.code}-${start.slice(0, 4)}-${pad(i, 6)}`,
    stationId: station.id,
    districtCode: district.code,
    streetCode,
    operator: { orgId: org, name: `承接方 ${org}`, kind: 'social_organization' },
    servicePeriod: { start, end },
    amountFen: 60_000_000,
    breakdown: { labourFen: 45_000_000, qualityAssuranceFen: 10_000_000, operatorManagementFen: 5_000_000 },
    staffing: { total: 4, minimumByLevel: { intermediate: 1, assistant: 2 } },
    paymentSchedule: [
      { seq: 1, plannedOn: memo.shift(start, 14), amountFen: 30_000_000, precondition: 'contract_signed' },
      {
        seq: 2,
        plannedOn: memo.shift(start, 195),
        amountFen: 30_000_000,
        precondition: 'midterm_report_accepted',
      },
    ],
    status: 'active',
    version: 2,
    createdAt: `${memo.shift(start, -10)}T02:00:00.000Z`,
    updatedAt: `${memo.shift(start, -3)}T02:00:00.000Z`,
  };
  const activatedAt = contract.updatedAt;
  // The plan depends only on the service period: planned once per start date for a template contract, then
  // given this contract's ids and parties.
  const template = memo.get(`plan|${start}`, () =>
    contractReportPlan(
      {
        id: 'TPL',
        servicePeriod: contract.servicePeriod,
        districtCode: 'D',
        streetCode: 'S',
        stationId: 'ST',
        operator: contract.operator,
      },
      policies,
      calendar,
    ),
  );
  const slots = template.map((p) =>
    slotAsOf(
      openSlot(
        {
          ...p,
          id: `${contract.id}${p.id.slice(3)}`,
          districtCode: district.code,
          streetCode,
          stationId: station.id,
          contractId: contract.id,
          orgId: org,
          submitter: { role: 'operator', org },
          recipients: [
            { role: 'district_civil_affairs', district: district.code },
            { role: 'street_office', street: streetCode },
          ],
        },
        activatedAt,
      ),
      day,
      memo,
      random,
      id,
    ),
  );

  // The evaluation window (R16.1), built as windowWrites builds it, then the year's evaluation on its timeline.
  const { year, parameters, policyId, window, before, uncommissioned } = memo.get(`window|${start}`, () => {
    const year = serviceYears(contract.servicePeriod)[0] as { n: number; start: IsoDate; end: IsoDate };
    const resolved = resolvePolicy(policies, year.end).version;
    const parameters = resolved.parameters;
    const window = evaluationWindow(year, parameters.evaluation.windowMonthsBeforeYearEnd);
    const alerts = evaluationAlerts(parameters);
    return {
      year,
      parameters,
      policyId: resolved.id,
      window,
      before: calendar.addWorkingDays(window.opensOn, -alerts.beforeWindowWorkingDays),
      uncommissioned: calendar.addWorkingDays(window.opensOn, alerts.uncommissionedAfterWorkingDays),
    };
  });
  const commissionedOn = random() < 0.95 ? memo.shift(window.opensOn, Math.floor(random() * 7)) : undefined;
  const commissioned = commissionedOn !== undefined && compareDates(commissionedOn, day) < 0;
  const unqualified = random() < 0.03;

  let evaluation: Evaluation | undefined;
  let notice: PublicityNotice | undefined;
  let evalSlot: ReportSlot | undefined;
  let finalOn: IsoDate | undefined;
  if (commissioned && commissionedOn) {
    const evaluationId = id();
    const evaluator = { orgId: `org-tp-${pad(i % 400, 3)}`, name: `第三方评估机构 ${i % 400}` };
    const planned = { start: addDays(commissionedOn, 1), end: addDays(commissionedOn, 20) };
    const scoredOn = addDays(commissionedOn, 7);
    const confirmedOn = addDays(commissionedOn, 9);
    const publishedOn = addDays(commissionedOn, 10 + Math.floor(random() * 5));
    const published = compareDates(publishedOn, day) < 0;
    const { period, closedOn } = memo.get(`publicity|${publishedOn}`, () => {
      const period = publicityPeriod(
        publishedOn,
        resolvePolicy(policies, publishedOn).version.parameters.publicity.minWorkingDays,
        calendar,
      );
      let closedOn = period.closableOn;
      while (!calendar.isWorkingDay(closedOn).working) closedOn = addDays(closedOn, 1);
      return { period, closedOn };
    });
    const closed = published && compareDates(closedOn, day) < 0;
    // Unqualified results only among the notices still open (a closed unqualified one would have ended its contract).
    const low = unqualified && !closed;
    const scores = {
      thirdParty: low ? 4500 + Math.floor(random() * 1200) : 7000 + Math.floor(random() * 2900),
      district: low ? 5000 + Math.floor(random() * 900) : 7500 + Math.floor(random() * 2400),
      street: low ? 5000 + Math.floor(random() * 900) : 7500 + Math.floor(random() * 2400),
    };
    const weights = parameters.evaluation.weightsPercent;
    const total = weightedTotal(scores, weights);
    const grade = gradeOf(total, parameters.evaluation.gradeBandsHundredths);
    const scored = compareDates(scoredOn, day) < 0;
    const status: Evaluation['status'] = closed
      ? 'final'
      : published
        ? 'in_publicity'
        : compareDates(confirmedOn, day) < 0
          ? 'confirmed'
          : scored
            ? 'scored'
            : 'commissioned';
    const at = (d: IsoDate) => `${d}T03:00:00.000Z`;
    const noticeId = published ? id() : undefined;
    evaluation = {
      id: evaluationId,
      contractId: contract.id,
      stationId: station.id,
      districtCode: district.code,
      streetCode,
      operatorOrg: org,
      serviceYear: year,
      window,
      evaluator,
      planned,
      templateId: 'bench-template',
      policyId,
      reportSlotId: `EVAL-${evaluationId}`,
      scores: scored
        ? {
            thirdParty: { indicators: {}, total: scores.thirdParty },
            district: scores.district,
            street: scores.street,
          }
        : {},
      ...(scored
        ? { result: { totalTenThousandths: total, total: formatTenThousandths(total), grade, weights } }
        : {}),
      status,
      ...(compareDates(confirmedOn, day) < 0 ? { confirmedAt: at(confirmedOn) } : {}),
      ...(noticeId ? { publicityId: noticeId } : {}),
      ...(closed ? { finalOn: closedOn } : {}),
      rounds: published ? 1 : 0,
      version: 1 + [scored, compareDates(confirmedOn, day) < 0, published, closed].filter(Boolean).length,
      createdAt: at(commissionedOn),
      updatedAt: at(closed ? closedOn : published ? publishedOn : commissionedOn),
    };
    if (noticeId) {
      notice = {
        id: noticeId,
        evaluationId,
        districtCode: district.code,
        streetCode,
        stationName: station.standardName,
        operatorName: contract.operator.name,
        serviceYear: { start: year.start, end: year.end },
        evaluatorName: evaluator.name,
        scores: {
          thirdParty: formatHundredths(scores.thirdParty),
          district: formatHundredths(scores.district),
          street: formatHundredths(scores.street),
        },
        total: formatTenThousandths(total),
        grade,
        gradeName: GRADE_NAMES[grade],
        publishedOn,
        period,
        status: closed ? 'closed' : 'open',
        openObjections: 0,
        ...(closed ? { closedOn } : {}),
        version: closed ? 2 : 1,
      };
    }
    if (closed) finalOn = closedOn;
    evalSlot = slotAsOf(
      openSlot(
        evaluationReportPlan(
          {
            id: evaluationId,
            districtCode: district.code,
            streetCode,
            stationId: station.id,
            contractId: contract.id,
            evaluator,
            planned,
            serviceYear: year,
          },
          policies,
          calendar,
        ),
        at(commissionedOn),
      ),
      day,
      memo,
      random,
      id,
    );
  }
  const rawSteps: WindowStep[] = [
    { id: 'before', on: before.date },
    { id: 'opening', on: window.opensOn },
    { id: 'uncommissioned', on: uncommissioned.date },
    { id: 'unevaluated', on: memo.shift(year.end, 1) },
  ];
  const commissionedBy = (d: IsoDate) => commissionedOn !== undefined && compareDates(commissionedOn, d) < 0;
  const windowSteps = rawSteps.map((s): WindowStep => {
    if (compareDates(s.on, day) >= 0) return s;
    const done =
      s.id === 'before'
        ? commissionedBy(s.on) || compareDates(s.on, window.opensOn) >= 0
          ? 'skipped'
          : 'acted'
        : s.id === 'opening'
          ? compareDates(s.on, window.closesOn) > 0
            ? 'skipped'
            : 'acted'
          : s.id === 'uncommissioned'
            ? commissionedBy(s.on)
              ? 'skipped'
              : 'acted'
            : finalOn && compareDates(finalOn, s.on) < 0
              ? 'skipped'
              : 'acted';
    return { ...s, done };
  });
  const windowNext = windowSteps
    .filter((s) => !s.done)
    .map((s) => s.on)
    .sort(compareDates)[0];
  const windowRecord: EvaluationWindowRecord = {
    contractId: contract.id,
    n: year.n,
    districtCode: district.code,
    streetCode,
    operatorOrg: org,
    stationId: station.id,
    contractNumber: contract.number,
    serviceYear: { start: year.start, end: year.end },
    window,
    steps: windowSteps,
    ...(windowNext ? { nextActionOn: windowNext } : {}),
    ...(evaluation ? { evaluationId: evaluation.id } : {}),
    ...(finalOn ? { finalOn } : {}),
    provisional: before.provisional || uncommissioned.provisional,
    version: 1 + windowSteps.filter((s) => s.done).length + (evaluation ? 1 : 0),
  };

  const complaint = random() < 90 / 365 ? complaintOf(config, memo, station, org, random, id) : undefined;
  const rectification =
    random() < 60 / 365 ? rectificationOf(config, memo, station, contract, random, id) : undefined;
  const handover =
    random() < (0.1 * 50) / 365 ? handoverOf(config, memo, station, contract, random, id) : undefined;

  // The documents recorded in the hour before the jobs' instant, with the records written with them.
  const recent = recentArchiveDocuments(config, i, contract, slots, handover);
  const retention = filesForDeletion(config, i, station, contract);

  const contractItem = contractToItem(contract);
  const activeContract = { ...keys.stationActiveContract(station.id), contractId: contract.id };
  const slotItems = recent.slots.map((s) => slotToItem(s));
  const windowItem = putItem(createWindowWrite(windowRecord));
  const evaluationItem = evaluation ? putItem(createEvaluationWrite(evaluation)) : undefined;
  const items: Record<string, unknown>[] = [
    stationToItem(station),
    contractItem,
    activeContract,
    ...slotItems,
    windowItem,
    ...(evaluationItem ? [evaluationItem] : []),
    ...(evalSlot ? [slotToItem(evalSlot)] : []),
    ...(notice ? [putItem(createNoticeWrite(notice))] : []),
    ...(complaint ? createComplaintWrites(complaint).map(putItem) : []),
    ...(rectification ? [putItem(createRectificationWrite(rectification))] : []),
    ...(recent.handover ? [putItem(createHandoverWrite(recent.handover))] : []),
    ...recent.items,
    ...retention,
  ];
  return withDue(i, 'station', items, day, (item) =>
    duePartitionOfKey(String(item.gsi2pk)) === 'DUE#PUBLICITY'
      ? // Closing a notice changes the notice, the evaluation, the window and the contract; an unqualified
        // result also ends the contract, cancels its slots and frees the station's active-contract item.
        [
          item,
          ...(evaluationItem ? [evaluationItem] : []),
          windowItem,
          contractItem,
          ...(notice && !passes(notice.grade) ? [activeContract, ...slotItems] : []),
        ]
      : [item],
  );
}

/**
 * Service recipients' files marked for deletion whose retention (R10.1) ends soon, due for the recipient-retention
 * job (issue 19). A file is kept for the policy's years after the service period it served, so the files of one
 * contract that ended years ago come due together, on the anniversary of that period's end: here the anniversary
 * of the day after it, the day the station's present contract began (contracts are one year and back to back). A
 * station has 3 to 8 such files per contract (those whose people asked for deletion; the rest are simply kept).
 * Only the files due up to 60 days on are made (the benchmarks look no further); nationally about 600 a day, each
 * station's on one day of the year. Drawn from a generator of their own, so the other records stay as they were.
 */
function filesForDeletion(
  config: NationalConfig,
  i: number,
  station: Station,
  contract: Contract,
): Record<string, unknown>[] {
  const { day } = config;
  const start = contract.servicePeriod.start;
  const anonymiseOn = start === day ? day : addYears(start, 1);
  if (compareDates(anonymiseOn, addDays(day, 60)) > 0) return [];
  const random = prng(700_001 + i);
  const files = 3 + Math.floor(random() * 6);
  const retainUntil = addDays(anonymiseOn, -1);
  const registeredOn = addYears(start, -4);
  const at = `${registeredOn}T02:00:00.000Z`;
  return Array.from({ length: files }, (_, n) => {
    const requestedOn = addDays(registeredOn, 30 + Math.floor(random() * 300));
    const recipient: Recipient = {
      id: fakeUlid(EPOCH - 400 * 86_400_000 + i * 1000, i * 16 + n),
      stationId: station.id,
      districtCode: station.districtCode,
      streetCode: station.streetCode,
      status: 'deletion_pending',
      category: random() < 0.6 ? 'elderly' : 'children',
      name: '王*芳',
      phone: '138****0000',
      registeredOn,
      deletion: { requestedOn, retainUntil, anonymiseOn },
      version: 2,
      createdAt: at,
      updatedAt: `${requestedOn}T02:00:00.000Z`,
    };
    return putItem(createRecipientWrite(recipient));
  });
}

/**
 * The archive documents a station records per hour, in the hour before the jobs' instant (08:00–09:00 in Shanghai
 * on the benchmark Monday, its first working hour), each as a probability of one (a second one with 25 % …):
 * service records (activity, case and visit files: about 150 a station a year), ledger vouchers (about 80 a year)
 * and passed report versions (16 a year, most in a few windows). An open handover gets its signed agreement with
 * the probability given. Nationally (40,000 stations) about 1,600 documents are pending at the instant.
 */
const ARCHIVE_RATES = {
  serviceRecords: 0.02,
  vouchers: 0.01,
  reportVersions: 0.004,
  handoverAgreement: 0.05,
} as const;

/**
 * The station's archive documents recorded in the hour before `config.instant`, still pending (in byDue
 * `DUE#ARCHIVE`, due on their date): each with the record it was written with, as the use cases write them — a
 * service record (addServiceRecord), a ledger entry with its voucher (recordLedgerEntry), a report version passed
 * by validation (process-upload: the slot becomes submitted), a handover agreement (the handover names it). The
 * draws come from the station's own stream, so the rest of its data is the same as without them.
 */
function recentArchiveDocuments(
  config: NationalConfig,
  i: number,
  contract: Contract,
  slots: readonly ReportSlot[],
  handover: Handover | undefined,
): { slots: readonly ReportSlot[]; handover: Handover | undefined; items: Record<string, unknown>[] } {
  const { day, instant, policies } = config;
  const random = prng(700_001 + i);
  let n = 0;
  // Strictly before the instant, within the hour (and on the day: the instant is 09:00 in Shanghai).
  const recorded = () => new Date(instant.getTime() - 1000 - Math.floor(random() * 3_599_000));
  const uid = (at: Date) => fakeUlid(at.getTime(), i * 64 + 48 + (n++ % 16));
  const count = (p: number) => {
    let k = 0;
    while (random() < (k === 0 ? p : 0.25)) k++;
    return k;
  };
  const items: Record<string, unknown>[] = [];
  const operator = { sub: `operator-${contract.operator.orgId}`, username: `${contract.operator.orgId}.op` };
  const end = contract.servicePeriod.end;

  for (let k = count(ARCHIVE_RATES.serviceRecords); k > 0; k--) {
    const at = recorded();
    const kind = SERVICE_RECORD_KINDS[
      Math.floor(random() * SERVICE_RECORD_KINDS.length)
    ] as ServiceRecordKind;
    const record: ServiceRecord = {
      id: uid(at),
      contractId: contract.id,
      districtCode: contract.districtCode,
      kind,
      title: `${shanghaiDate(at)} 服务记录`,
      key: `service-records/${contract.id}/${uid(at)}.pdf`,
      contentType: 'application/pdf',
      sensitive: SENSITIVE_KINDS.includes(kind),
      retainUntil: retainUntil(
        'service_record',
        { date: shanghaiDate(at), periodEnd: end },
        resolvePolicy(policies, end).version.parameters.retention,
      ),
      uploadedBy: operator.username,
      uploadedAt: at.toISOString(),
    };
    items.push(
      putItem(createServiceRecordWrite(record)),
      putItem(archiveDocumentWrite(archiveDocumentOf.serviceRecord(record, shanghaiDate(at)), at)),
    );
  }

  for (let k = count(ARCHIVE_RATES.vouchers); k > 0; k--) {
    const at = recorded();
    // Spent in the last three weeks (and within the contract).
    const back = addDays(day, -Math.floor(random() * 21));
    const spentOn =
      compareDates(back, contract.servicePeriod.start) < 0 ? contract.servicePeriod.start : back;
    const category = LEDGER_CATEGORIES[
      Math.floor(random() * LEDGER_CATEGORIES.length)
    ] as LedgerEntry['category'];
    const entry: LedgerEntry = {
      id: uid(at),
      contractId: contract.id,
      districtCode: contract.districtCode,
      streetCode: contract.streetCode,
      spentOn,
      amountFen: 10_000 + Math.floor(random() * 500_000),
      category,
      description: `${LEDGER_CATEGORY_NAMES[category]}支出`,
      voucherKey: `vouchers/${contract.id}/${uid(at)}.pdf`,
      recordedBy: operator.username,
      recordedAt: at.toISOString(),
    };
    items.push(
      putItem(createLedgerWrite(entry)),
      putItem(archiveDocumentWrite(archiveDocumentOf.voucher(entry), at)),
    );
  }

  // A report version passes validation only for an open slot whose period is over and which nothing is due on
  // today (the daily report job's items are left as they are).
  let out = slots;
  const open = slots.filter(
    (s) =>
      s.status === 'open' &&
      compareDates(s.period.end, day) < 0 &&
      (s.nextActionOn === undefined || compareDates(s.nextActionOn, day) > 0),
  );
  for (let k = Math.min(open.length, count(ARCHIVE_RATES.reportVersions)); k > 0; k--) {
    const slot = open.splice(Math.floor(random() * open.length), 1)[0] as ReportSlot;
    const at = recorded();
    const uploadId = uid(at);
    const uploadedOn = shanghaiDate(at);
    const key = versionKey(slot.id, uploadId, 'pdf');
    const { nextActionOn: _next, ...rest } = slot;
    const after: ReportSlot = {
      ...rest,
      status: 'submitted',
      currentUploadId: uploadId,
      currentUploadedAt: at.toISOString(),
      reviews: [],
      ...(slot.firstSubmittedOn ? {} : { firstSubmittedOn: uploadedOn, onTime: isOnTime(slot, uploadedOn) }),
      version: slot.version + 1,
      updatedAt: at.toISOString(),
    };
    out = out.map((s) => (s.id === slot.id ? after : s));
    items.push(putItem(archiveDocumentWrite(archiveDocumentOf.reportVersion(slot, key, uploadedOn), at)));
  }

  let h = handover;
  if (h && h.status === 'open' && !h.agreementKey && random() < ARCHIVE_RATES.handoverAgreement) {
    const at = recorded();
    const key = `handover/${h.id}/agreement-${uid(at)}.pdf`;
    h = { ...h, agreementKey: key, signatures: {}, version: h.version + 1 };
    items.push(
      putItem(archiveDocumentWrite(archiveDocumentOf.handoverAgreement(h, key, shanghaiDate(at)), at)),
    );
  }
  return { slots: out, handover: h, items };
}

function annualUnit(config: NationalConfig, district: { code: string; name: string }, index: number): Unit {
  const random = prng(900_001 + index);
  const year = Number(config.day.slice(0, 4));
  const plan = annualReportPlan(district, year, config.policies, config.calendar);
  const slot = openSlot(plan, `${year}-01-01T00:00:00.000Z`);
  // Most units have submitted by the day (between 1 November and the day before); 40 % have not.
  const submittedOn =
    random() < 0.6
      ? addDays(`${year}-11-01`, Math.floor(random() * Math.max(1, daysBetween(`${year}-11-01`, config.day))))
      : undefined;
  const { nextActionOn: _n, ...rest } = slot;
  const done = (before: IsoDate) =>
    slot.steps.map((s) => (compareDates(s.on, before) < 0 ? { ...s, done: 'acted' as const } : s));
  const asOf: ReportSlot =
    submittedOn && compareDates(submittedOn, config.day) < 0
      ? {
          ...rest,
          steps: done(submittedOn),
          status: 'submitted',
          currentUploadId: fakeUlid(EPOCH, index),
          firstSubmittedOn: submittedOn,
          onTime: true,
          version: 2,
        }
      : (() => {
          const steps = done(config.day);
          const next = nextActionOf(steps);
          return { ...rest, steps, ...(next ? { nextActionOn: next } : {}), version: 2 };
        })();
  return withDue(index, 'district', [slotToItem(asOf)], config.day, (item) => [item]);
}

/** A complaint received in the last 90 days, acknowledged and closed on a plausible timeline. */
function complaintOf(
  config: NationalConfig,
  memo: Memo,
  station: Station,
  org: string,
  random: () => number,
  id: () => string,
): Complaint {
  const { day, calendar, policies } = config;
  const receivedOn = memo.shift(day, -1 - Math.floor(random() * 90));
  const deadlines = memo.get(`complaint|${receivedOn}`, () =>
    complaintDeadlines(
      receivedOn,
      resolvePolicy(policies, receivedOn).version.parameters.complaints,
      calendar,
    ),
  );
  const acknowledgedOn =
    random() < 0.9
      ? deadlines.acknowledgeBy
      : memo.shift(deadlines.acknowledgeBy, 2 + Math.floor(random() * 4));
  const closedOn = random() < 0.9 ? memo.shift(receivedOn, 5 + Math.floor(random() * 20)) : undefined;
  const before = (d: IsoDate | undefined, on: IsoDate) => d !== undefined && compareDates(d, on) < 0;
  const closed = before(closedOn, day);
  const status: Complaint['status'] = closed
    ? 'closed'
    : before(acknowledgedOn, day)
      ? 'acknowledged'
      : 'received';
  const steps = deadlines.steps.map((s) => {
    if (compareDates(s.on, day) >= 0) return s;
    const done =
      closedOn && before(closedOn, s.on)
        ? 'skipped'
        : s.id === 'acknowledge-overdue'
          ? before(acknowledgedOn, s.on)
            ? 'skipped'
            : 'acted'
          : s.id === 'resolve-reminder' && compareDates(s.on, deadlines.resolveBy) > 0
            ? 'skipped'
            : 'acted';
    return { ...s, done: done as 'acted' | 'skipped' };
  });
  const next = closed
    ? undefined
    : steps
        .filter((s) => !s.done)
        .map((s) => s.on)
        .sort(compareDates)[0];
  const at = (d: IsoDate) => `${d}T04:00:00.000Z`;
  return {
    id: id(),
    stationId: station.id,
    stationName: station.standardName,
    districtCode: station.districtCode,
    streetCode: station.streetCode,
    operatorOrg: org,
    content: '活动通知不及时，希望改进服务时间安排。',
    trackingHash: hashTrackingCode(`BENCH${station.id}`),
    receivedAt: at(receivedOn),
    receivedOn,
    acknowledgeBy: deadlines.acknowledgeBy,
    resolveBy: deadlines.resolveBy,
    provisional: deadlines.provisional,
    status,
    ...(status !== 'received' ? { acknowledgedAt: at(acknowledgedOn) } : {}),
    statements: [],
    ...(closed && closedOn
      ? { reply: '已核实并整改。', upheld: random() < 0.3, closedAt: at(closedOn) }
      : {}),
    steps,
    ...(next ? { nextActionOn: next } : {}),
    version: 1 + steps.filter((s) => s.done).length + (status === 'received' ? 0 : 1) + (closed ? 1 : 0),
  };
}

/** A rectification item raised in the last 60 days, with evidence submitted and verified by most owners. */
function rectificationOf(
  config: NationalConfig,
  memo: Memo,
  station: Station,
  contract: Contract,
  random: () => number,
  id: () => string,
): Rectification {
  const { day, calendar } = config;
  const raisedOn = memo.shift(day, -1 - Math.floor(random() * 60));
  const deadline = memo.get(`rectification|${raisedOn}`, () => rectificationDeadline(raisedOn, 20, calendar));
  const submittedOn = random() < 0.75 ? memo.shift(raisedOn, 5 + Math.floor(random() * 25)) : undefined;
  const verifiedOn = submittedOn ? memo.shift(submittedOn, 3) : undefined;
  const before = (d: IsoDate | undefined, on: IsoDate) => d !== undefined && compareDates(d, on) < 0;
  const status: Rectification['status'] = before(verifiedOn, day)
    ? 'verified'
    : before(submittedOn, day)
      ? 'submitted'
      : 'open';
  const steps = deadline.steps.map((s) => {
    if (compareDates(s.on, day) >= 0) return s;
    if (before(verifiedOn, s.on)) return { ...s, done: 'skipped' as const };
    if (before(submittedOn, s.on)) return s; // waiting for verification: the step stays pending
    return {
      ...s,
      done: (s.id === 'reminder' && compareDates(s.on, deadline.deadline) > 0 ? 'skipped' : 'acted') as
        | 'acted'
        | 'skipped',
    };
  });
  const next = nextRectificationAction({ status, steps });
  const by = { sub: 'district-official', username: 'district.mz' };
  const at = (d: IsoDate) => `${d}T05:00:00.000Z`;
  return {
    id: id(),
    source: { type: 'inspection', id: fakeUlid(EPOCH, 7) },
    districtCode: station.districtCode,
    streetCode: station.streetCode,
    stationId: station.id,
    subjectName: station.standardName,
    contractId: contract.id,
    finding: '服务台账记录不完整。',
    requirement: '补齐近三个月服务台账并建立月度自查。',
    owner: { role: 'operator', org: contract.operator.orgId },
    raisedBy: { role: 'district_civil_affairs', district: station.districtCode },
    raisedOn,
    workingDays: 20,
    deadline: deadline.deadline,
    deadlineProvisional: deadline.deadlineProvisional,
    status,
    overdue: steps.some((s) => s.id === 'overdue' && s.done === 'acted'),
    evidence:
      submittedOn && status !== 'open'
        ? [
            {
              note: '已补齐台账。',
              submittedAt: at(submittedOn),
              submittedBy: { sub: 'operator', username: 'op' },
            },
          ]
        : [],
    rejections: [],
    ...(status === 'verified' && verifiedOn
      ? { verification: { comment: '验收通过。', verifiedAt: at(verifiedOn), verifiedBy: by } }
      : {}),
    steps,
    ...(next ? { nextActionOn: next } : {}),
    version:
      1 + steps.filter((s) => s.done).length + (status === 'open' ? 0 : status === 'submitted' ? 1 : 2),
    createdAt: at(raisedOn),
    createdBy: by,
    updatedAt: at(raisedOn),
  };
}

/** An operator's exit in the last 50 days with its archive handover under way. */
function handoverOf(
  config: NationalConfig,
  memo: Memo,
  station: Station,
  contract: Contract,
  random: () => number,
  id: () => string,
): Handover {
  const { day, calendar, policies } = config;
  const exitOn = memo.shift(day, -1 - Math.floor(random() * 50));
  const schedule = memo.get(`handover|${exitOn}`, () =>
    handoverSchedule(
      exitOn,
      resolvePolicy(policies, exitOn).version.parameters.handover.workingDays,
      calendar,
    ),
  );
  const receivedOn = random() < 0.3 ? memo.shift(exitOn, 10 + Math.floor(random() * 20)) : undefined;
  const received = receivedOn !== undefined && compareDates(receivedOn, day) < 0;
  const steps = schedule.steps.map((s) => {
    if (compareDates(s.on, day) >= 0) return s;
    const done =
      receivedOn && compareDates(receivedOn, s.on) < 0
        ? 'skipped'
        : s.id === 'reminder' && compareDates(s.on, schedule.deadlineOn) > 0
          ? 'skipped'
          : 'acted';
    return { ...s, done: done as 'acted' | 'skipped' };
  });
  const next = steps
    .filter((s) => !s.done)
    .map((s) => s.on)
    .sort(compareDates)[0];
  return {
    id: id(),
    contractId: contract.id,
    contractNumber: contract.number,
    stationId: station.id,
    districtCode: station.districtCode,
    streetCode: station.streetCode,
    exitingOrg: contract.operator.orgId,
    exitOn,
    reason: '合同期满不再续约',
    deadlineOn: schedule.deadlineOn,
    provisional: schedule.provisional,
    items: standardItems(),
    signatures: received ? { operator: `${exitOn}T06:00:00.000Z`, purchaser: `${exitOn}T07:00:00.000Z` } : {},
    status: received ? 'received' : 'open',
    ...(received && receivedOn ? { receivedAt: `${receivedOn}T06:00:00.000Z` } : {}),
    steps,
    ...(next ? { nextActionOn: next } : {}),
    version: 1 + steps.filter((s) => s.done).length,
    createdAt: `${exitOn}T06:00:00.000Z`,
  };
}
