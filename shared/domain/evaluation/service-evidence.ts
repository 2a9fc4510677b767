import type { IsoDate } from '#shared/domain/calendar/dates';
import { compareDates } from '#shared/domain/calendar/dates';
import {
  monthsOf,
  type Period,
  type ServiceVolume,
  type StationServiceFacts,
  serviceVolume,
} from '#shared/domain/services/service-volume';
import { formatHundredths } from './scoring';
import type { IndicatorTemplate } from './template';

/**
 * The indicators of the evaluation standard (R16.2) that count service delivery, by full key, with the figures from
 * the service records that bear on each (issue 19 item 3). The default template's keys; an indicator the city's
 * version no longer has is simply not shown. The evidence is shown to the evaluator, never turned into points.
 */
export const SERVICE_EVIDENCE_INDICATORS: Readonly<Record<string, string>> = {
  'administration.archives': '各类服务记录条数（个案干预、小组、社区活动、家访电访）与接案、结案个案数',
  'delivery.tasks': '服务记录条数（按类别）、服务时数与服务对象人数，可对照项目任务书的指标',
  'delivery.quality': '结案个案数及成效（达成、部分达成、未达成）、个案干预次数与志愿服务时数',
};

export interface EvidenceIndicator {
  readonly key: string;
  readonly name: string;
  readonly maxPoints: string;
  readonly guidance: string;
  /** Which of the figures bear on the indicator. */
  readonly evidence: string;
}

export interface ServiceEvidence {
  readonly period: Period;
  readonly volume: ServiceVolume;
  readonly byMonth: readonly (ServiceVolume & { readonly month: string })[];
  readonly indicators: readonly EvidenceIndicator[];
}

/** The service year evaluated, up to today while it runs: the records there can be. */
export const evidencePeriod = (serviceYear: { start: IsoDate; end: IsoDate }, today: IsoDate): Period => ({
  from: serviceYear.start,
  to: compareDates(today, serviceYear.end) < 0 ? today : serviceYear.end,
});

/** The evidence of a period: its volume, the same per month (each month clipped to the period), the indicators. */
export function serviceEvidence(
  facts: StationServiceFacts,
  period: Period,
  template: Pick<IndicatorTemplate, 'parts'> | undefined,
): ServiceEvidence {
  const byMonth = monthsOf(period).map((month) => {
    const from = `${month}-01` < period.from ? period.from : `${month}-01`;
    const to = `${month}-31` > period.to ? period.to : `${month}-31`;
    return { month, ...serviceVolume(facts, { from, to }) };
  });
  const indicators = (template?.parts ?? []).flatMap((part) =>
    part.indicators
      .filter((i) => SERVICE_EVIDENCE_INDICATORS[`${part.key}.${i.key}`] !== undefined)
      .map((i) => ({
        key: `${part.key}.${i.key}`,
        name: `${part.name} · ${i.name}`,
        maxPoints: formatHundredths(i.maxHundredths),
        guidance: i.guidance,
        evidence: SERVICE_EVIDENCE_INDICATORS[`${part.key}.${i.key}`] as string,
      })),
  );
  return { period, volume: serviceVolume(facts, period), byMonth, indicators };
}
