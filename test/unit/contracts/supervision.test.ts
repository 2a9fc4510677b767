import { describe, expect, it } from 'vitest';
import { previousMonth, supervisionGaps } from '#shared/domain/contracts/supervision';

const october = previousMonth('2026-11-25');
const worker = (id: string, startOn: string, endOn?: string) => ({
  id,
  name: id,
  startOn,
  ...(endOn ? { endOn } : {}),
});

describe('supervision gaps (R14.1)', () => {
  it('judges the last complete calendar month', () => {
    expect(october).toEqual({ start: '2026-10-01', end: '2026-10-31' });
    expect(previousMonth('2026-03-01')).toEqual({ start: '2026-02-01', end: '2026-02-28' });
  });

  it('names the workers with fewer sessions than the policy asks, and only those on staff all month', () => {
    const workers = [
      worker('a', '2026-01-01'),
      worker('b', '2026-01-01'),
      worker('new', '2026-10-10'),
      worker('left', '2026-01-01', '2026-10-20'),
    ];
    const sessions = [
      { heldOn: '2026-10-15', workerIds: ['a'] },
      { heldOn: '2026-09-30', workerIds: ['b'] },
      { heldOn: '2026-11-01', workerIds: ['b'] },
    ];
    expect(supervisionGaps(october, workers, sessions, 1)).toEqual([{ id: 'b', name: 'b', sessions: 0 }]);
    expect(supervisionGaps(october, workers, sessions, 2).map((g) => g.id)).toEqual(['a', 'b']);
  });
});
