import { addDays, type IsoDate } from '#shared/domain/calendar/dates';
import type { Worker } from './roster';

/**
 * A supervision session (督导, R14.1): a senior social worker supervises frontline workers of the station. The
 * policy sets how many sessions each worker needs per month (default 1); `supervisionGaps` names who fell short.
 */
export interface SupervisionSession {
  readonly id: string;
  readonly contractId: string;
  readonly heldOn: IsoDate;
  readonly supervisor: {
    readonly name: string;
    readonly qualification: string;
    readonly organisation?: string;
  };
  readonly workerIds: readonly string[];
  /** Duration in minutes (whole minutes; no fractional hours). */
  readonly minutes: number;
  readonly topics: readonly string[];
  readonly createdAt: string;
}

/** The calendar month before the one `date` is in: [first day, last day]. */
export function previousMonth(date: IsoDate): { start: IsoDate; end: IsoDate } {
  const end = addDays(`${date.slice(0, 7)}-01`, -1);
  return { start: `${end.slice(0, 7)}-01`, end };
}

/**
 * Workers on staff for the whole of `month` who had fewer than `perMonth` sessions in it. A worker who joined or
 * left during the month is not judged for it.
 */
export function supervisionGaps(
  month: { start: IsoDate; end: IsoDate },
  workers: readonly Pick<Worker, 'id' | 'name' | 'startOn' | 'endOn'>[],
  sessions: readonly Pick<SupervisionSession, 'heldOn' | 'workerIds'>[],
  perMonth: number,
): { id: string; name: string; sessions: number }[] {
  const inMonth = sessions.filter((s) => s.heldOn >= month.start && s.heldOn <= month.end);
  return workers
    .filter((w) => w.startOn <= month.start && (w.endOn === undefined || w.endOn >= month.end))
    .map((w) => ({
      id: w.id,
      name: w.name,
      sessions: inMonth.filter((s) => s.workerIds.includes(w.id)).length,
    }))
    .filter((w) => w.sessions < perMonth);
}
