import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '#shared/domain/calendar/working-days';
import { DomainError } from '#shared/domain/errors';
import {
  assertOwnerAllowed,
  decideRectificationSteps,
  type Rectification,
  rectificationDeadline,
  rectificationStepAudience,
  transitionRectification,
  withEvidence,
  withVerification,
} from '#shared/domain/rectification/rectification';

const calendar = new WorkingCalendar();
const by = { sub: 's', username: 'u' };

const item = (overrides: Partial<Rectification> = {}): Rectification => ({
  id: '01JDRECT000000000000000001',
  source: { type: 'safety_check', id: '01JDCHECK00000000000000001' },
  districtCode: '370102',
  streetCode: '370102001',
  stationId: '01JDSTATN00000000000000001',
  subjectName: '历下区解放路街道社会工作服务站',
  finding: '灭火器过期',
  requirement: '更换灭火器',
  owner: { role: 'operator', org: 'org-op-a' },
  raisedBy: { role: 'street_office', street: '370102001' },
  raisedOn: '2026-09-28',
  workingDays: 20,
  ...rectificationDeadline('2026-09-28', 20, calendar),
  status: 'open',
  overdue: false,
  evidence: [],
  rejections: [],
  version: 1,
  createdAt: '2026-09-28T02:00:00.000Z',
  createdBy: by,
  updatedAt: '2026-09-28T02:00:00.000Z',
  ...overrides,
});

const codeOf = (f: () => unknown) => {
  try {
    f();
    return 'ok';
  } catch (error) {
    return error instanceof DomainError ? `${error.status} ${error.code}` : String(error);
  }
};

describe('rectification items (B4)', () => {
  it('allows open → submitted → verified and submitted → open, nothing else', () => {
    expect(transitionRectification('open', 'submitted')).toBe('submitted');
    expect(transitionRectification('submitted', 'verified')).toBe('verified');
    expect(transitionRectification('submitted', 'open')).toBe('open');
    expect(codeOf(() => transitionRectification('open', 'verified'))).toBe('409 INVALID_TRANSITION');
    expect(codeOf(() => transitionRectification('verified', 'open'))).toBe('409 INVALID_TRANSITION');
  });

  it('counts the deadline in working days over the National Day holiday, reminder 3 working days before (B5)', () => {
    expect(rectificationDeadline('2026-09-28', 20, calendar)).toEqual({
      deadline: '2026-10-30',
      deadlineProvisional: false,
      deadlineRule: 'next_working_day',
      calendarYears: [2026],
      steps: [
        { id: 'reminder', on: '2026-10-27' },
        { id: 'overdue', on: '2026-10-31' },
      ],
      nextActionOn: '2026-10-27',
    });
  });

  it('leaves out a reminder that would fall on or before the raising day, and refuses an empty period', () => {
    expect(rectificationDeadline('2026-09-28', 2, calendar).steps).toEqual([
      { id: 'overdue', on: '2026-10-01' },
    ]);
    expect(codeOf(() => rectificationDeadline('2026-09-28', 0, calendar))).toBe(
      '422 RECTIFICATION_PERIOD_INVALID',
    );
  });

  it('reminds only before the deadline, and decides nothing while evidence awaits verification', () => {
    const open = item();
    expect([...decideRectificationSteps(open, '2026-10-27')]).toEqual([['reminder', 'acted']]);
    expect([...decideRectificationSteps(open, '2026-10-31')]).toEqual([
      ['reminder', 'skipped'],
      ['overdue', 'acted'],
    ]);
    expect(decideRectificationSteps(item({ status: 'submitted' }), '2026-10-31').size).toBe(0);
    expect([...decideRectificationSteps(item({ status: 'verified' }), '2026-10-31').values()]).toEqual([
      'skipped',
      'skipped',
    ]);
  });

  it('escalates an overdue district-owned item to the city; others go to owner and raiser', () => {
    expect(rectificationStepAudience(item(), 'overdue')).toEqual([
      { role: 'operator', org: 'org-op-a' },
      { role: 'street_office', street: '370102001' },
    ]);
    const districtOwned = item({
      owner: { role: 'district_civil_affairs', district: '370102' },
      raisedBy: { role: 'city_civil_affairs' },
    });
    expect(rectificationStepAudience(districtOwned, 'reminder')).toEqual([districtOwned.owner]);
    expect(rectificationStepAudience(districtOwned, 'overdue')).toContainEqual({
      role: 'city_civil_affairs',
    });
  });

  it('takes the item out of the due index while evidence awaits verification, and back in on rejection', () => {
    const submitted = withEvidence(item(), {
      note: '已更换',
      submittedAt: '2026-10-20T02:00:00.000Z',
      submittedBy: by,
    });
    expect(submitted.status).toBe('submitted');
    expect(submitted.nextActionOn).toBeUndefined();
    const reopened = withVerification(submitted, { accepted: false, comment: '型号不符', at: 'x', by });
    expect(reopened).toMatchObject({ status: 'open', nextActionOn: '2026-10-27' });
    const verified = withVerification(submitted, { accepted: true, comment: '合格', at: 'x', by });
    expect(verified.steps.every((s) => s.done === 'skipped')).toBe(true);
    expect(verified.nextActionOn).toBeUndefined();
  });

  it('never lets a street office make the district the owner', () => {
    expect(codeOf(() => assertOwnerAllowed({ role: 'street_office', street: '370102001' }, 'district'))).toBe(
      '422 RECTIFICATION_OWNER_NOT_ALLOWED',
    );
    expect(codeOf(() => assertOwnerAllowed({ role: 'city_civil_affairs' }, 'district'))).toBe('ok');
  });
});
