import { formatDate, formatDateTime } from './format';

/** A date or an instant in Chinese (`2026年11月25日`), in a <time> element. */
export function ChineseDate({ value, withTime = false }: { value: string | undefined; withTime?: boolean }) {
  if (!value) return <span>—</span>;
  return <time dateTime={value}>{withTime ? formatDateTime(value) : formatDate(value)}</time>;
}
