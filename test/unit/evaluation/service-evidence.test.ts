import { describe, expect, it } from 'vitest';
import { evidencePeriod, serviceEvidence } from '#shared/domain/evaluation/service-evidence';
import { DEFAULT_TEMPLATE_PARTS } from '#shared/domain/evaluation/template';

const rec = (date: string, minutes: number) =>
  ({ kind: 'visit-home', date, minutes, status: 'recorded', recipientIds: ['r1'] }) as never;

describe('an evaluation’s service evidence (issue 19 item 3)', () => {
  it('runs the service year up to today while it runs, and to its end after', () => {
    const year = { start: '2026-03-15', end: '2027-03-14' };
    expect(evidencePeriod(year, '2026-12-07')).toEqual({ from: '2026-03-15', to: '2026-12-07' });
    expect(evidencePeriod(year, '2027-06-01')).toEqual({ from: '2026-03-15', to: '2027-03-14' });
  });

  it('clips the first month to the service year’s start, so the months add up to the whole', () => {
    const facts = {
      records: [rec('2026-03-10', 30), rec('2026-03-20', 40), rec('2026-04-01', 50)],
      cases: [],
      volunteerHours: [],
    };
    const e = serviceEvidence(
      facts,
      { from: '2026-03-15', to: '2026-04-30' },
      { parts: DEFAULT_TEMPLATE_PARTS },
    );
    expect(e.volume).toMatchObject({ records: 2, minutes: 90, hours: '1.5' });
    expect(e.byMonth.map((m) => [m.month, m.minutes])).toEqual([
      ['2026-03', 40],
      ['2026-04', 50],
    ]);
  });

  it('names the service-delivery indicators the template version has, with their points, and none it lacks', () => {
    const none = { records: [], cases: [], volunteerHours: [] };
    const period = { from: '2026-01-01', to: '2026-01-31' };
    expect(serviceEvidence(none, period, { parts: DEFAULT_TEMPLATE_PARTS }).indicators).toMatchObject([
      { key: 'administration.archives', maxPoints: '5.00' },
      { key: 'delivery.tasks', maxPoints: '20.00' },
      { key: 'delivery.quality', maxPoints: '15.00' },
    ]);
    const renamed = DEFAULT_TEMPLATE_PARTS.filter((p) => p.key !== 'delivery');
    expect(serviceEvidence(none, period, { parts: renamed }).indicators.map((i) => i.key)).toEqual([
      'administration.archives',
    ]);
  });
});
