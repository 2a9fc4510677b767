import { describe, expect, it } from 'vitest';
import {
  confirmCoSigned,
  draftCoSigned,
  isEffective,
  missingConfirmations,
  reviseCoSigned,
} from '#shared/domain/contracts/co-signed';
import {
  checkTaskCategories,
  completionRateBasisPoints,
  type TaskItem,
} from '#shared/domain/contracts/task-book';
import { DomainError } from '#shared/domain/errors';

const who = (username: string) => ({ sub: username, username, at: '2026-02-01T00:00:00Z' });
const items: TaskItem[] = [
  { id: 'T1', category: 'child_welfare', title: '个案', target: 20, unit: '个案' },
  { id: 'T2', category: 'elderly_services', title: '小组', target: 10, unit: '节' },
];

describe('co-signed documents (R9.2)', () => {
  it('takes effect only when both operator and street office have confirmed', () => {
    const one = confirmCoSigned(draftCoSigned({ text: 'v1' }), 'operator', who('op'));
    expect(isEffective(one)).toBe(false);
    expect(missingConfirmations(one)).toEqual(['street_office']);
    const both = confirmCoSigned(one, 'street_office', who('jd'));
    expect(isEffective(both)).toBe(true);
    expect(both.effective?.content).toEqual({ text: 'v1' });
  });

  it('needs both again after a change, keeping the last confirmed content in effect meanwhile', () => {
    const signed = confirmCoSigned(
      confirmCoSigned(draftCoSigned({ text: 'v1' }), 'operator', who('op')),
      'street_office',
      who('jd'),
    );
    const revised = reviseCoSigned(signed, { text: 'v2' });
    expect(isEffective(revised)).toBe(false);
    expect(missingConfirmations(revised)).toEqual(['operator', 'street_office']);
    expect(revised.effective?.content).toEqual({ text: 'v1' });
  });

  it('refuses a party confirming the same revision twice', () => {
    const one = confirmCoSigned(draftCoSigned({}), 'operator', who('op'));
    expect(() => confirmCoSigned(one, 'operator', who('op'))).toThrowError(DomainError);
  });
});

describe('task book rules', () => {
  it('refuses a task in a prohibited category, naming R8.1 and the task', () => {
    const prohibited = [
      ...items,
      { id: 'T3', category: 'administrative_acts', title: '代办行政审批', target: 1, unit: '项' },
    ];
    try {
      checkTaskCategories(prohibited, ['confidential_matters', 'administrative_acts']);
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: 'TASK_CATEGORY_PROHIBITED', extras: { rule: 'R8.1' } });
      expect((error as DomainError).extras.errors?.[0]?.path).toBe('body.items.2.category');
    }
  });

  it('computes the completion rate exactly, without letting over-delivery make up for a shortfall', () => {
    expect(completionRateBasisPoints(items, {})).toBe(0);
    expect(completionRateBasisPoints(items, { T1: { actual: 20, asOf: '2026-06-30' } })).toBe(6666);
    expect(
      completionRateBasisPoints(items, {
        T1: { actual: 40, asOf: '2026-06-30' },
        T2: { actual: 5, asOf: '2026-06-30' },
      }),
    ).toBe(8333);
    expect(
      completionRateBasisPoints(items, {
        T1: { actual: 20, asOf: '2026-06-30' },
        T2: { actual: 10, asOf: '2026-06-30' },
      }),
    ).toBe(10000);
  });
});
