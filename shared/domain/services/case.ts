import type { IsoDate } from '#shared/domain/calendar/dates';
import { invalidTransition } from '#shared/domain/errors';

/**
 * A case (个案, issue 19 item 2): casework with one registered recipient, led by one worker of the roster, through
 * its stages. Each intervention is a `case-intervention` service record linked to the case (its minutes count as
 * service hours like any record); the case only counts them.
 *
 *   intake → assessment → plan → intervention (⟲ each further intervention) → closed
 */
export const CASE_STAGES = ['intake', 'assessment', 'plan', 'intervention', 'closed'] as const;
export type CaseStage = (typeof CASE_STAGES)[number];
export const CASE_STAGE_NAMES: Readonly<Record<CaseStage, string>> = {
  intake: '接案',
  assessment: '已预估',
  plan: '已制定服务计划',
  intervention: '服务介入中',
  closed: '已结案',
};
const TRANSITIONS: Readonly<Record<CaseStage, readonly CaseStage[]>> = {
  intake: ['assessment'],
  assessment: ['plan'],
  plan: ['intervention'],
  intervention: ['intervention', 'closed'],
  closed: [],
};
export function transitionCase(from: CaseStage, to: CaseStage): CaseStage {
  if (!TRANSITIONS[from].includes(to)) throw invalidTransition('个案', CASE_STAGE_NAMES, from, to);
  return to;
}

export const CASE_OUTCOMES = ['achieved', 'partly_achieved', 'not_achieved'] as const;
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];
export const CASE_OUTCOME_NAMES: Readonly<Record<CaseOutcome, string>> = {
  achieved: '达成',
  partly_achieved: '部分达成',
  not_achieved: '未达成',
};

export interface Case {
  readonly id: string;
  readonly stationId: string;
  readonly districtCode: string;
  readonly streetCode: string;
  readonly contractId: string;
  readonly recipientId: string;
  readonly workerId: string;
  readonly presentingProblem: string;
  readonly openedOn: IsoDate;
  readonly stage: CaseStage;
  readonly assessment?: { readonly on: IsoDate; readonly findings: string };
  readonly plan?: { readonly on: IsoDate; readonly goals: readonly string[] };
  /** The intervention records linked to the case, in the order they were recorded. */
  readonly interventionIds: readonly string[];
  readonly closing?: { readonly on: IsoDate; readonly outcome: CaseOutcome; readonly summary: string };
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}
