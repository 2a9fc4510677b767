import { type Key, type ReactNode, useState } from 'react';
import './plain-table.css';

/** A column of a {@link PlainTable}: its header and how a row's cell reads. */
export interface PlainColumn<T> {
  readonly title: string;
  readonly render: (row: T) => ReactNode;
  /** The column's width in pixels (the table scrolls sideways below the columns' sum, `minWidth`). */
  readonly width?: number;
  readonly align?: 'left' | 'right';
  /** The cell names its row (`<th scope="row">`): a station's or a project's name. */
  readonly rowHeader?: boolean;
}

/**
 * The public site's table: a plain HTML table (caption, `<th scope>`), no antd Table, so a citizen's phone does not
 * download antd's Table with its filter menus, pagination and virtual body (88 KB gzipped) to read a list. Below
 * `minWidth` it scrolls sideways inside a labelled region a keyboard can reach (a 375 px phone); `pageSize` shows
 * that many rows and a button for the next as many. The console keeps antd's Table (ScrollTable).
 */
export function PlainTable<T>({
  label,
  columns,
  rows,
  rowKey,
  minWidth,
  loading = false,
  empty,
  pageSize,
}: {
  /** The table's caption and its scrolling region's name (社工站列表). */
  label: string;
  columns: readonly PlainColumn<T>[];
  rows: readonly T[];
  rowKey: (row: T) => Key;
  minWidth: number;
  loading?: boolean;
  /** What an empty table says (after loading). */
  empty: ReactNode;
  pageSize?: number;
}) {
  const [shown, setShown] = useState(pageSize ?? Number.POSITIVE_INFINITY);
  const visible = rows.slice(0, shown);
  const rest = rows.length - visible.length;
  return (
    <>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard (WCAG 2.1.1). */}
      <section aria-label={label} tabIndex={0} className="sgz-table-scroll">
        <table className="sgz-table" style={{ minWidth }}>
          <caption className="sgz-visually-hidden">{label}</caption>
          <colgroup>
            {columns.map((c) => (
              <col key={c.title} style={c.width ? { width: c.width } : undefined} />
            ))}
          </colgroup>
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.title} scope="col" className={c.align === 'right' ? 'sgz-right' : undefined}>
                  {c.title}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {visible.map((row) => (
              <tr key={rowKey(row)}>
                {columns.map((c) => {
                  const className = c.align === 'right' ? 'sgz-right' : undefined;
                  return c.rowHeader ? (
                    <th key={c.title} scope="row" className={className}>
                      {c.render(row)}
                    </th>
                  ) : (
                    <td key={c.title} className={className}>
                      {c.render(row)}
                    </td>
                  );
                })}
              </tr>
            ))}
            {rows.length === 0 && (
              <tr>
                <td colSpan={columns.length} className="sgz-table-empty">
                  {loading ? <span role="status">正在加载…</span> : empty}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </section>
      {rest > 0 && pageSize !== undefined && (
        <button type="button" className="sgz-table-more" onClick={() => setShown((n) => n + pageSize)}>
          再显示 {Math.min(rest, pageSize)} 项（还有 {rest} 项）
        </button>
      )}
    </>
  );
}
