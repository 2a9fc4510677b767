import { formatPercent } from './format';

/** A rate the API gives in hundredths of a percent (8333 = 83.33 %). */
export function Percent({ bp }: { bp: number | null | undefined }) {
  return <span className="sgz-num">{formatPercent(bp)}</span>;
}
