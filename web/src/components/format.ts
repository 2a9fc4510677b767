import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';

dayjs.locale('zh-cn');

const grouping = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 });

/** Fen (the API's integer amounts) as yuan: 123456 → `¥1,234.56`. Integer arithmetic only. */
export function formatYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(fen));
  const yuan = Math.floor(abs / 100);
  const cents = String(abs % 100).padStart(2, '0');
  return `${sign}¥${grouping.format(yuan)}.${cents}`;
}

/** Hundredths of a percent (basis points, as the API gives rates): 8333 → `83.33%`; null → `—`. */
export function formatPercent(bp: number | null | undefined): string {
  if (bp === null || bp === undefined) return '—';
  const abs = Math.abs(Math.trunc(bp));
  return `${bp < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}%`;
}

/** A date (`2026-11-25`) or an instant, in Chinese: `2026年11月25日`. */
export function formatDate(value: string | undefined): string {
  if (!value) return '—';
  const d = dayjs(value);
  return d.isValid() ? d.format('YYYY年M月D日') : value;
}

/** An instant in Chinese with the time: `2026年11月25日 10:00`. */
export function formatDateTime(value: string | undefined): string {
  if (!value) return '—';
  const d = dayjs(value);
  return d.isValid() ? d.format('YYYY年M月D日 HH:mm') : value;
}

/** A score the API gives in hundredths of a point (R17.1): 8567 → `85.67`; none → `—`. Integer arithmetic only. */
export function formatPoints(hundredths: number | null | undefined): string {
  if (hundredths === null || hundredths === undefined) return '—';
  const abs = Math.abs(Math.trunc(hundredths));
  return `${hundredths < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
