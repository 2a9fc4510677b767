import type { ReportSlot } from './report-slot';

/**
 * B3: timeliness of reports that are due. A report is on time when its first validated version arrived by the
 * due date, late when it arrived after, missing when none has arrived. Rates are integer hundredths of a percent
 * (8333 = 83.33 %), rounded half up with integer arithmetic; an empty group has no rate.
 */
export interface Tally {
  readonly due: number;
  readonly onTime: number;
  readonly late: number;
  readonly missing: number;
  /** onTime / due, in hundredths of a percent. */
  readonly onTimeRateHundredths: number | null;
  /** (onTime + late) / due, in hundredths of a percent. */
  readonly submittedRateHundredths: number | null;
}

/** round(part / whole × 10000), half up, exactly: floor((2·part·10000 + whole) / (2·whole)). */
export const rateHundredths = (part: number, whole: number): number | null =>
  whole === 0 ? null : Math.floor((2 * part * 10000 + whole) / (2 * whole));

export function tally(slots: readonly Pick<ReportSlot, 'firstSubmittedOn' | 'onTime'>[]): Tally {
  let onTime = 0;
  let late = 0;
  for (const s of slots) {
    if (s.firstSubmittedOn === undefined) continue;
    if (s.onTime) onTime += 1;
    else late += 1;
  }
  const due = slots.length;
  return {
    due,
    onTime,
    late,
    missing: due - onTime - late,
    onTimeRateHundredths: rateHundredths(onTime, due),
    submittedRateHundredths: rateHundredths(onTime + late, due),
  };
}
