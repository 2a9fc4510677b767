import type { components } from '../../services/api';

type Summary = components['schemas']['PublicStationSummary'];

/**
 * The stations in operation per district as the API counts them (GET /public/stations/summary): a grid of tiles,
 * one per district of Jinan (those with none too) and one for the whole city, each a toggle that filters the list.
 * The thin bar under each count is the count drawn against the largest; nothing else is computed here.
 */
export function DistrictBreakdown({
  summary,
  selected,
  onSelect,
}: {
  summary: Summary;
  selected: string | undefined;
  onSelect: (district: string | undefined) => void;
}) {
  const largest = Math.max(1, ...summary.districts.map((d) => d.stations));
  return (
    <section aria-labelledby="sgz-breakdown-title" className="sgz-breakdown">
      <h3 id="sgz-breakdown-title">各区县运营中的社工站</h3>
      <ul>
        <li>
          <Tile
            name="全市"
            count={summary.total}
            share={1}
            pressed={!selected}
            onClick={() => onSelect(undefined)}
          />
        </li>
        {summary.districts.map((d) => (
          <li key={d.code}>
            <Tile
              name={d.name}
              count={d.stations}
              share={d.stations / largest}
              pressed={selected === d.code}
              onClick={() => onSelect(d.code)}
            />
          </li>
        ))}
      </ul>
    </section>
  );
}

function Tile({
  name,
  count,
  share,
  pressed,
  onClick,
}: {
  name: string;
  count: number;
  share: number;
  pressed: boolean;
  onClick: () => void;
}) {
  return (
    <button type="button" aria-pressed={pressed} onClick={onClick} className="sgz-tile">
      <span className="sgz-tile-name">{name}</span>
      <span className="sgz-tile-count">
        <strong>{count}</strong> 个
      </span>
      <span className="sgz-tile-bar" aria-hidden="true">
        <span style={{ width: `${share * 100}%` }} />
      </span>
    </button>
  );
}
