import type { IsoDate } from '#shared/domain/calendar/dates';
import { CASE_OUTCOMES, type Case, type CaseOutcome } from '#shared/domain/services/case';
import {
  hoursOf,
  SERVICE_KIND_NAMES,
  SERVICE_KINDS,
  type ServiceKind,
  type ServiceRecord,
  type SupervisionFacts,
  serviceHours,
} from '#shared/domain/services/service-record';
import type { VolunteerHours } from '#shared/domain/services/volunteer';

/**
 * A monthly brief's draft (月度工作简报草稿, issue 19 item 3), composed from the month's service records: the
 * required headings of the brief's template in their order (R9.4: the draft uploaded as it is passes validation),
 * under them what the records say — counts per kind, service hours per worker and for the station (hours from integer
 * minutes, one decimal, in integers), cases opened and closed, volunteer hours, supervision, and the month's longest
 * community activities and group sessions by title. Records name recipients by id only, so the draft counts them and
 * names nobody; case texts (presenting problem, summary) and records' notes are left out, being free text about a
 * person. The headings it cannot fill (问题, 计划) carry a line asking the operator to write them.
 */

/** A line of the draft: a heading is set as one in the PDF and the DOCX. */
export interface DraftLine {
  readonly text: string;
  readonly heading?: boolean;
}

export interface BriefDraftInput {
  /** The slot's title, e.g. 2026年12月 月度工作简报. */
  readonly title: string;
  readonly stationName: string;
  readonly operatorName: string;
  /** The month, clipped to the service period. */
  readonly period: { readonly start: IsoDate; readonly end: IsoDate };
  /** The brief's required headings, in the template's order. */
  readonly headings: readonly string[];
  /** The contract's records of the period (voided ones are shown as not counted). */
  readonly records: readonly Pick<
    ServiceRecord,
    'status' | 'kind' | 'date' | 'title' | 'minutes' | 'workerIds' | 'recipientIds' | 'headcount'
  >[];
  /** The contract's cases at the station (any date: the period decides what counts). */
  readonly cases: readonly Pick<Case, 'openedOn' | 'closing'>[];
  /** The station's volunteer hours of the period. */
  readonly volunteerHours: readonly Pick<VolunteerHours, 'volunteerId' | 'minutes'>[];
  readonly supervision: readonly SupervisionFacts[];
  /** The roster's names by worker id (staff, not recipients). */
  readonly workerNames: ReadonlyMap<string, string>;
}

export interface BriefFigures {
  readonly period: { readonly start: IsoDate; readonly end: IsoDate };
  readonly headings: readonly string[];
  readonly records: number;
  readonly voidRecords: number;
  readonly minutes: number;
  readonly hours: string;
  readonly byKind: Record<ServiceKind, number>;
  readonly distinctRecipients: number;
  readonly communityHeadcount: number;
  readonly workers: readonly {
    readonly workerId: string;
    readonly name: string;
    readonly records: number;
    readonly minutes: number;
    readonly hours: string;
  }[];
  readonly supervision: { readonly sessions: number; readonly minutes: number; readonly hours: string };
  readonly cases: {
    readonly opened: number;
    readonly closed: number;
    readonly openAtEnd: number;
    readonly outcomes: Record<CaseOutcome, number>;
  };
  readonly volunteers: {
    readonly volunteers: number;
    readonly entries: number;
    readonly minutes: number;
    readonly hours: string;
  };
  readonly highlights: readonly string[];
}

export interface BriefDraft {
  readonly lines: readonly DraftLine[];
  readonly figures: BriefFigures;
}

const HIGHLIGHTS = 3;
const dayOf = (d: IsoDate) => `${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;
const within = (d: IsoDate, p: { start: IsoDate; end: IsoDate }) => d >= p.start && d <= p.end;
const OUTCOME_WORDS: Readonly<Record<CaseOutcome, string>> = {
  achieved: '目标达成',
  partly_achieved: '部分达成',
  not_achieved: '未达成',
};

/** The figures of the period, computed from the records (never typed). */
export function briefFigures(input: BriefDraftInput): BriefFigures {
  const counted = input.records.filter((r) => r.status === 'recorded');
  const hours = serviceHours(counted, input.supervision);
  const outcomes = Object.fromEntries(CASE_OUTCOMES.map((o) => [o, 0])) as Record<CaseOutcome, number>;
  let opened = 0;
  let closed = 0;
  let openAtEnd = 0;
  for (const c of input.cases) {
    if (within(c.openedOn, input.period)) opened += 1;
    if (c.closing && within(c.closing.on, input.period)) {
      closed += 1;
      outcomes[c.closing.outcome] += 1;
    }
    if (c.openedOn <= input.period.end && !(c.closing && c.closing.on <= input.period.end)) openAtEnd += 1;
  }
  const volunteerMinutes = input.volunteerHours.reduce((sum, v) => sum + v.minutes, 0);
  const longest = (kind: ServiceKind) =>
    counted
      .filter((r) => r.kind === kind)
      .sort(
        (a, b) =>
          b.minutes - a.minutes ||
          (b.headcount ?? b.recipientIds.length) - (a.headcount ?? a.recipientIds.length) ||
          (a.date < b.date ? -1 : a.date > b.date ? 1 : 0),
      )
      .slice(0, HIGHLIGHTS);
  const highlights = [
    ...longest('community-activity').map(
      (r) =>
        `${dayOf(r.date)}社区活动「${r.title}」：参与 ${r.headcount ?? 0} 人，历时 ${hoursOf(r.minutes)} 小时`,
    ),
    ...longest('group-session').map(
      (r) =>
        `${dayOf(r.date)}小组活动「${r.title}」：出席 ${r.recipientIds.length} 人，历时 ${hoursOf(r.minutes)} 小时`,
    ),
  ];
  return {
    period: input.period,
    headings: input.headings,
    records: hours.records,
    voidRecords: input.records.length - counted.length,
    minutes: hours.minutes,
    hours: hours.hours,
    byKind: hours.byKind,
    distinctRecipients: hours.distinctRecipients,
    communityHeadcount: counted.reduce((sum, r) => sum + (r.headcount ?? 0), 0),
    workers: hours.workers
      .filter((w) => w.records > 0)
      .map((w) => ({
        workerId: w.workerId,
        name: input.workerNames.get(w.workerId) ?? '（已不在花名册）',
        records: w.records,
        minutes: w.minutes,
        hours: w.hours,
      })),
    supervision: hours.supervision,
    cases: { opened, closed, openAtEnd, outcomes },
    volunteers: {
      volunteers: new Set(input.volunteerHours.map((v) => v.volunteerId)).size,
      entries: input.volunteerHours.length,
      minutes: volunteerMinutes,
      hours: hoursOf(volunteerMinutes),
    },
    highlights,
  };
}

function serviceLines(f: BriefFigures): string[] {
  if (f.records === 0) return ['本月暂无有效服务记录。'];
  const kinds = SERVICE_KINDS.map((k) => {
    const n = f.byKind[k];
    return k === 'community-activity' && n > 0
      ? `${SERVICE_KIND_NAMES[k]} ${n} 次（参与 ${f.communityHeadcount} 人次）`
      : `${SERVICE_KIND_NAMES[k]} ${n} 次`;
  });
  return [
    `本月共开展服务 ${f.records} 次，服务时长合计 ${f.hours} 小时（${f.minutes} 分钟），服务对象 ${f.distinctRecipients} 人（按建档编号计，不重复）。`,
    `其中：${kinds.join('，')}。`,
    '社工服务时长（多名社工共同提供的服务，每人各计全程）：',
    ...f.workers.map((w) => `${w.name}：服务 ${w.records} 次，${w.hours} 小时`),
    `本站合计：${f.hours} 小时。`,
    ...(f.voidRecords > 0 ? [`另有作废记录 ${f.voidRecords} 条，未计入。`] : []),
  ];
}

function otherLines(f: BriefFigures): string[] {
  return [
    f.supervision.sessions > 0
      ? `督导：本月 ${f.supervision.sessions} 次，共 ${f.supervision.hours} 小时。`
      : '督导：本月无督导记录。',
    f.volunteers.entries > 0
      ? `志愿服务：志愿者 ${f.volunteers.volunteers} 人参与 ${f.volunteers.entries} 次，共 ${f.volunteers.hours} 小时。`
      : '志愿服务：本月无志愿服务时长记录。',
  ];
}

function outcomeLines(f: BriefFigures): string[] {
  const c = f.cases;
  const outcomes = CASE_OUTCOMES.filter((o) => c.outcomes[o] > 0).map(
    (o) => `${OUTCOME_WORDS[o]} ${c.outcomes[o]} 个`,
  );
  return [
    `个案：本月新接案 ${c.opened} 个，结案 ${c.closed} 个${outcomes.length > 0 ? `（${outcomes.join('、')}）` : ''}，月末在案 ${c.openAtEnd} 个。`,
    ...(f.highlights.length > 0 ? ['本月重点活动：', ...f.highlights] : ['本月暂无社区活动和小组活动记录。']),
  ];
}

const ask = (heading: string) =>
  /计划|安排|打算/.test(heading)
    ? '（请填写下月工作计划。）'
    : /问题|不足|困难/.test(heading)
      ? '（请根据本月情况填写存在的问题。）'
      : '（请填写本部分内容。）';

/**
 * The draft's lines: a title, the period and operator, a note that it was generated; then each required heading in
 * the template's order. What the services were goes under the first heading naming 开展 or 服务情况 (else the
 * first heading), what they achieved under the first naming 成效 (else with the services), so a template the city
 * edits still gets every figure exactly once.
 */
export function composeBriefDraft(input: BriefDraftInput): BriefDraft {
  const figures = briefFigures(input);
  const { headings } = input;
  const serviceAt = Math.max(
    0,
    headings.findIndex((h) => /开展|服务情况/.test(h)),
  );
  const found = headings.findIndex((h, i) => i !== serviceAt && /成效/.test(h));
  const outcomeAt = found < 0 ? serviceAt : found;
  const lines: DraftLine[] = [
    { text: `${input.stationName} ${input.title}（草稿）` },
    { text: `承接方：${input.operatorName}　报告期：${input.period.start} 至 ${input.period.end}` },
    { text: '本草稿由系统根据本月服务记录生成，数字均由记录计算；请核对、补充后上传。' },
  ];
  headings.forEach((heading, i) => {
    lines.push({ text: heading, heading: true });
    const body = [
      ...(i === serviceAt ? [...serviceLines(figures), ...otherLines(figures)] : []),
      ...(i === outcomeAt ? outcomeLines(figures) : []),
    ];
    for (const text of body.length > 0 ? body : [ask(heading)]) lines.push({ text });
  });
  if (headings.length === 0) {
    for (const text of [...serviceLines(figures), ...otherLines(figures), ...outcomeLines(figures)])
      lines.push({ text });
  }
  return { lines, figures };
}
