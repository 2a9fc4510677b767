import { formatYuan } from './format';

/** An amount the API gives in fen, shown in yuan. */
export function Money({ fen }: { fen: number | undefined }) {
  return <span className="sgz-num">{fen === undefined ? '—' : formatYuan(fen)}</span>;
}
