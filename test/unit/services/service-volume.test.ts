import { describe, expect, it } from 'vitest';
import {
  addServiceVolumes,
  handoverRecordCounts,
  monthsOf,
  serviceVolume,
} from '#shared/domain/services/service-volume';

const rec = (kind: string, date: string, minutes: number, status = 'recorded', contractId = 'c1') =>
  ({ kind, date, minutes, status, contractId, recipientIds: ['r1'] }) as never;
const year = { from: '2026-01-01', to: '2026-12-31' };

describe('service volume from the records (issue 19 item 3)', () => {
  it('reads the months a period touches, across a new year', () => {
    expect(monthsOf({ from: '2026-11-15', to: '2027-02-01' })).toEqual([
      '2026-11',
      '2026-12',
      '2027-01',
      '2027-02',
    ]);
    expect(monthsOf({ from: '2026-12-08', to: '2026-12-07' })).toEqual([]);
  });

  it('counts the period’s records with both ends included, leaving out voided ones and those outside it', () => {
    const v = serviceVolume(
      {
        records: [
          rec('visit-home', '2026-01-01', 90),
          rec('visit-phone', '2026-12-31', 10),
          rec('visit-home', '2026-06-01', 60, 'void'),
          rec('group-session', '2027-01-01', 120),
        ],
        cases: [
          { openedOn: '2025-12-20', closing: { on: '2026-01-05', outcome: 'achieved', summary: '' } },
          { openedOn: '2026-12-01' },
        ] as never,
        volunteerHours: [
          { volunteerId: 'v1', date: '2026-03-01', minutes: 50 },
          { volunteerId: 'v1', date: '2026-04-01', minutes: 50 },
        ],
      },
      year,
    );
    expect(v).toMatchObject({
      records: 2,
      minutes: 100,
      hours: '1.7',
      byKind: { 'visit-home': 1, 'visit-phone': 1, 'group-session': 0 },
      distinctRecipients: 1,
      casesOpened: 1,
      casesClosed: 1,
      casesClosedByOutcome: { achieved: 1, partly_achieved: 0, not_achieved: 0 },
      volunteers: 1,
      volunteerMinutes: 100,
      volunteerHours: '1.7',
    });
  });

  it('adds stations by their minutes, not their rounded hours', () => {
    // 3 minutes is "0.1" h (half up) on its own; three stations' 9 minutes are "0.2" h, not "0.3".
    const one = serviceVolume(
      { records: [rec('visit-phone', '2026-05-05', 3)], cases: [], volunteerHours: [] },
      year,
    );
    expect(one.hours).toBe('0.1');
    expect(addServiceVolumes([one, one, one])).toMatchObject({ records: 3, minutes: 9, hours: '0.2' });
  });

  it('counts the handover list from the exiting contract’s records only, and the files registered in its period', () => {
    const counts = handoverRecordCounts(
      {
        records: [
          rec('visit-home', '2026-03-01', 30),
          rec('visit-phone', '2026-03-02', 30),
          rec('visit-phone', '2026-03-03', 30, 'void'),
          rec('group-session', '2026-03-04', 30, 'recorded', 'c0'),
          rec('community-activity', '2026-03-05', 30),
          rec('case-intervention', '2026-03-06', 30),
        ],
        cases: [{ contractId: 'c1' }, { contractId: 'c0' }],
        recipients: [
          { registeredOn: '2026-02-01', status: 'active' },
          { registeredOn: '2025-12-01', status: 'active' },
          { registeredOn: '2026-02-02', status: 'anonymised' },
        ],
        volunteers: [{ registeredOn: '2026-06-30' }, { registeredOn: '2026-07-01' }],
      },
      'c1',
      { from: '2026-01-01', to: '2026-06-30' },
    );
    expect(counts).toEqual({ case: 1, group: 0, community: 1, visit: 2, client_file: 1, volunteer_file: 1 });
  });
});
