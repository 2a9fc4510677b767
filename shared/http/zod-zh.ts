import type { z } from 'zod';

/**
 * zod's messages in zh-CN, each saying in plain words what the field allows (须为整数, 不超过 200 个字符, 须为以下之一：
 * a、b、c). Our own rather than zod's bundled zh-CN locale, whose messages read as type errors (「无效输入：期望
 * number，实际接收 string」). A message a schema gives itself (`.regex(re, '区县代码应为 6 位数字')`, a refinement's)
 * wins over this map. Kept small: every HTTP bundle carries it.
 */
const TYPES: Readonly<Record<string, string>> = {
  string: '字符串',
  number: '数字',
  int: '整数',
  bigint: '整数',
  boolean: '布尔值（true 或 false）',
  array: '数组',
  object: '对象',
  record: '对象',
  tuple: '数组',
  date: '日期',
  null: 'null',
};

const FORMATS: Readonly<Record<string, string>> = {
  date: '须为 YYYY-MM-DD 格式的日期',
  datetime: '须为 ISO 8601 格式的日期时间（如 2026-11-25T08:00:00Z）',
  time: '须为 HH:mm:ss 格式的时间',
  email: '须为有效的电子邮箱地址',
  url: '须为有效的网址',
  ulid: '须为 26 位 ULID',
  uuid: '须为 UUID',
  guid: '须为 UUID',
  base64: '须为 Base64 编码',
  base64url: '须为 Base64URL 编码',
  e164: '须为国际格式的电话号码（如 +8613800000000）',
  jwt: '须为 JWT 令牌',
};

const SIZES: Readonly<Record<string, string>> = { string: '个字符', array: '项', set: '项', file: '字节' };

const list = (values: readonly unknown[]): string =>
  values.map((v) => (typeof v === 'string' ? v : String(v))).join('、');

/** A bound as the user reads it: a date bound as YYYY-MM-DD, anything else as it is. */
const bound = (origin: string, n: number | bigint): string =>
  origin === 'date' ? new Date(Number(n)).toISOString().slice(0, 10) : String(n);

export const zodZh: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined || issue.expected === 'nonoptional') return '必填';
      return TYPES[issue.expected] ? `须为${TYPES[issue.expected]}` : '类型不正确';
    case 'too_small': {
      const unit = SIZES[issue.origin];
      const n = bound(issue.origin, issue.minimum);
      if (unit) {
        if (issue.exact) return `须为 ${n} ${unit}`;
        if (issue.minimum === 1 && issue.origin === 'string') return '不能为空';
        return `至少 ${n} ${unit}`;
      }
      if (issue.origin === 'date') return issue.inclusive ? `不得早于 ${n}` : `须晚于 ${n}`;
      return issue.inclusive ? `不小于 ${n}` : `须大于 ${n}`;
    }
    case 'too_big': {
      const unit = SIZES[issue.origin];
      const n = bound(issue.origin, issue.maximum);
      if (unit) return issue.exact ? `须为 ${n} ${unit}` : `不超过 ${n} ${unit}`;
      if (issue.origin === 'date') return issue.inclusive ? `不得晚于 ${n}` : `须早于 ${n}`;
      return issue.inclusive ? `不大于 ${n}` : `须小于 ${n}`;
    }
    case 'invalid_format': {
      const i = issue as { format: string; prefix?: string; suffix?: string; includes?: string };
      if (i.format === 'starts_with') return `须以「${i.prefix}」开头`;
      if (i.format === 'ends_with') return `须以「${i.suffix}」结尾`;
      if (i.format === 'includes') return `须包含「${i.includes}」`;
      return FORMATS[i.format] ?? '格式不正确';
    }
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
    case 'invalid_element':
      return '包含不合法的值';
    default:
      return '不符合要求';
  }
};
