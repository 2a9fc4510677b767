import type { IsoDate } from '#shared/domain/calendar/dates';
import { DomainError } from '#shared/domain/errors';

/** R9.2 needs survey findings (需求调研), done jointly by operator and street office. */
export interface NeedsSurvey {
  readonly conductedOn: IsoDate;
  readonly methods: string;
  readonly findings: string;
}

/** One task of the project task book: what is to be done, in what category, and how much. */
export interface TaskItem {
  readonly id: string;
  readonly category: string;
  readonly title: string;
  /** Target quantity (sessions, cases, households …), a whole number. */
  readonly target: number;
  readonly unit: string;
}

export interface TaskBook {
  readonly items: readonly TaskItem[];
}

/** Progress recorded against the effective task book: the actual quantity per item, as of a date. */
export interface TaskProgress {
  readonly actual: number;
  readonly asOf: IsoDate;
  readonly note?: string;
}

/**
 * R8.1: matters that belong to the street office's own staff (保密事项、行政行为、管理及服务事项) must not be put on
 * the station. The prohibited categories are policy data; an item in one is refused naming the rule.
 */
export function checkTaskCategories(items: readonly TaskItem[], prohibited: readonly string[]): void {
  const errors = items
    .map((item, i) => ({ item, i }))
    .filter(({ item }) => prohibited.includes(item.category))
    .map(({ item, i }) => ({
      path: `body.items.${i}.category`,
      message: `「${item.title}」属于不得列入社工站服务内容的事项（${item.category}）`,
    }));
  if (errors.length > 0) {
    throw new DomainError(
      'TASK_CATEGORY_PROHIBITED',
      422,
      '应由街道（镇）工作人员承担的事项不得列入社工站服务内容',
      undefined,
      {
        rule: 'R8.1',
        errors,
      },
    );
  }
  const ids = new Set<string>();
  for (const [i, item] of items.entries()) {
    if (ids.has(item.id)) {
      throw new DomainError('TASK_ID_DUPLICATED', 422, '任务编号重复', undefined, {
        errors: [{ path: `body.items.${i}.id`, message: '任务编号重复' }],
      });
    }
    ids.add(item.id);
  }
}

/**
 * The task completion rate (R9.2, used by R26) in hundredths of a percent: Σ min(actual, target) ÷ Σ target,
 * rounded down, in integers (no floating point). Over-delivery on one task does not make up for another.
 */
export function completionRateBasisPoints(
  items: readonly TaskItem[],
  progress: Readonly<Record<string, TaskProgress>>,
): number {
  const target = items.reduce((sum, item) => sum + item.target, 0);
  if (target === 0) return 0;
  const done = items.reduce((sum, item) => sum + Math.min(progress[item.id]?.actual ?? 0, item.target), 0);
  return Math.floor((done * 10_000) / target);
}
