import type { z } from 'zod';

/**
 * zod's messages in zh-CN, each saying in plain words what the field allows (须为整数, 不超过 200 个字符, 须为以下之一：
 * a、b、c). Our own rather than zod's bundled zh-CN locale, whose messages read as type errors (「无效输入：期望
 * number，实际接收 string」). A message a schema gives itself (`.regex(re, '区县代码应为 6 位数字')`, a refinement's)
 * wins over this map. Kept small, for what JSON requests hold (no dates, sets or files as such): every HTTP bundle
 * carries it.
 */
const TYPES: Readonly<Record<string, string>> = {
  string: '须为字符串',
  number: '须为数字',
  int: '须为整数',
  boolean: '须为 true 或 false',
  array: '须为数组',
  object: '须为对象',
  record: '须为对象',
};

/** The string formats our schemas use or may soon; any other is 格式不正确 (every byte is in every HTTP bundle). */
const FORMATS: Readonly<Record<string, string>> = {
  date: '须为 YYYY-MM-DD 格式的日期',
  datetime: '须为 ISO 8601 格式的日期时间（如 2026-11-25T08:00:00Z）',
  email: '须为有效的电子邮箱地址',
  url: '须为有效的网址',
  ulid: '须为 26 位 ULID',
};

const SIZES: Readonly<Record<string, string>> = { string: '个字符', array: '项' };

const list = (values: readonly unknown[]): string => values.join('、');

export const zodZh: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined || issue.expected === 'nonoptional') return '必填';
      return TYPES[issue.expected] ?? '类型不正确';
    case 'too_small': {
      const unit = SIZES[issue.origin];
      const n = issue.minimum;
      if (unit) {
        if (issue.exact) return `须为 ${n} ${unit}`;
        if (issue.minimum === 1 && issue.origin === 'string') return '不能为空';
        return `至少 ${n} ${unit}`;
      }
      return issue.inclusive ? `不小于 ${n}` : `须大于 ${n}`;
    }
    case 'too_big': {
      const unit = SIZES[issue.origin];
      const n = issue.maximum;
      if (unit) return issue.exact ? `须为 ${n} ${unit}` : `不超过 ${n} ${unit}`;
      return issue.inclusive ? `不大于 ${n}` : `须小于 ${n}`;
    }
    case 'invalid_format':
      // A regex (and startsWith, includes…) says only 格式不正确: the schema gives its own message where it matters.
      return FORMATS[issue.format] ?? '格式不正确';
    case 'not_multiple_of':
      return `须为 ${issue.divisor} 的整数倍`;
    case 'unrecognized_keys':
      return `不允许提交的字段：${issue.keys.join('、')}`;
    case 'invalid_value':
      return issue.values.length === 1 ? `须为 ${list(issue.values)}` : `须为以下之一：${list(issue.values)}`;
    case 'invalid_union': {
      const options = (issue as { options?: readonly unknown[] }).options;
      return options?.length ? `须为以下之一：${list(options)}` : '不符合任何一种允许的格式';
    }
    case 'invalid_key':
      return '字段名不合法';
    default:
      return '不符合要求';
  }
};
