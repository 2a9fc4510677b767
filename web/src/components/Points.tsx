import { formatPoints } from './format';

/** A score the API gives in hundredths of a point (8567 = 85.67 分). */
export function Points({ hundredths }: { hundredths: number | null | undefined }) {
  return <span className="sgz-num">{formatPoints(hundredths)}</span>;
}
