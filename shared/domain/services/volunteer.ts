import type { IsoDate } from '#shared/domain/calendar/dates';
import { maskPhone } from '#shared/domain/contracts/roster';
import { hoursOf } from './service-record';

/**
 * A volunteer of a station (志愿者, issue 19 item 2): the minimum the register needs — the name, the skills offered,
 * the day registered and, when given, a phone to reach them. The phone is personal data: stored sealed (bound to the
 * volunteer's item) beside its masked form, shown masked everywhere, never logged.
 */
export interface Volunteer {
  readonly id: string;
  readonly stationId: string;
  readonly districtCode: string;
  readonly streetCode: string;
  readonly name: string;
  readonly skills: readonly string[];
  /** Masked: 138****5678. */
  readonly phone?: string;
  readonly sealed?: { readonly phone?: string };
  readonly registeredOn: IsoDate;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}
export type MaskedVolunteer = Omit<Volunteer, 'sealed'>;

export function maskedVolunteer(v: Volunteer): MaskedVolunteer {
  const { sealed: _sealed, ...rest } = v;
  return { ...rest, ...(v.phone ? { phone: maskPhone(v.phone) } : {}) };
}

/** Hours a volunteer gave on a date (志愿服务时长), in integer minutes, possibly for one service record. */
export interface VolunteerHours {
  readonly id: string;
  readonly stationId: string;
  readonly districtCode: string;
  readonly streetCode: string;
  readonly volunteerId: string;
  readonly date: IsoDate;
  readonly minutes: number;
  readonly activity: string;
  readonly serviceRecordId?: string;
  readonly createdAt: string;
}

/** A month's volunteer hours: total and per volunteer, hours computed from the minutes. */
export function volunteerHoursOf(entries: readonly Pick<VolunteerHours, 'volunteerId' | 'minutes'>[]) {
  const per = new Map<string, number>();
  let minutes = 0;
  for (const e of entries) {
    minutes += e.minutes;
    per.set(e.volunteerId, (per.get(e.volunteerId) ?? 0) + e.minutes);
  }
  return {
    entries: entries.length,
    minutes,
    hours: hoursOf(minutes),
    volunteers: [...per.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([volunteerId, m]) => ({ volunteerId, minutes: m, hours: hoursOf(m) })),
  };
}
