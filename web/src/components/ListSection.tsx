import { Button, Flex, Progress, Space, type TableColumnType, Typography } from 'antd';
import { type ReactNode, useId, useState } from 'react';
import { ApiProblem } from '../services/problem';
import { ChineseDate } from './ChineseDate';
import { type FilterName, ListFilters, useListFilters } from './ListFilters';
import {
  type Cell,
  EXPORT_PAGE_SIZE,
  type ExportColumn,
  fetchAll,
  type Page,
  saveFile,
  toCsv,
  todayInChinese,
  toXlsx,
} from './list-export';
import { Money } from './Money';
import { MoreButton } from './MoreButton';
import { ProblemAlert } from './ProblemAlert';
import { ScrollTable } from './ScrollTable';
import { useCursorList } from './useCursorList';

/** The rows a console list shows at a time: a screen's worth (antd's own page size); 加载更多 asks for the next. */
export const LIST_PAGE_SIZE = 10;

/** A column of a console list: shown in the table, written into the exported files. */
export interface ListColumn<T> {
  readonly title: string;
  /** The cell as the API gave it: shown (unless `render` says otherwise), sorted and exported. */
  readonly value: (row: T) => Cell;
  readonly render?: (row: T) => ReactNode;
  readonly width?: number;
  readonly align?: 'left' | 'right' | 'center';
  /** Sortable in the table (among the rows loaded: see {@link ListSection}). */
  readonly sortable?: boolean;
  /** The columns this one becomes in an exported file (a period as its start and its end); by default itself. */
  readonly exported?: readonly ExportColumn<T>[];
}

/** The filters a list's route takes, read from the URL (only those the route accepts). */
export type ListQuery = Partial<Record<FilterName, string>>;

export interface ListSectionProps<T> {
  /** 社工站: the heading, the table's name (社工站列表) and the exported file's (社工站列表-2026年12月6日.xlsx). */
  readonly title: string;
  /** The API operation read (`GET /stations`): with the filters, the list's key in the one query cache. */
  readonly operation: string;
  /**
   * One page of the list from the API: the filters as given, the cursor of the page, and how many rows to ask for.
   * A route without cursors answers everything at once, with no `nextCursor`.
   */
  readonly page: (query: ListQuery, cursor: string | undefined, limit: number) => Promise<Page<T>>;
  readonly columns: readonly ListColumn<T>[];
  readonly rowKey: keyof T & string;
  readonly minWidth: number;
  /** The query parameters of the route offered as filters (docs/openapi.json). */
  readonly filters?: readonly FilterName[];
  /** The zh-CN names of the route's statuses, for the 状态 filter. */
  readonly statuses?: Record<string, string>;
  /** On the 工作台: the first rows only, no filters, sorting or export. */
  readonly compact?: boolean;
}

/**
 * A console list: its heading, the API's problem, the filters (in the URL, sent to the API), the table, 加载更多
 * through the API's cursors, and 导出 Excel / 导出 CSV of every row the filters select.
 *
 * Sorting: the API's list routes return rows in their own order and take no sort parameter, so the table's sorters
 * order the rows loaded so far, and while more pages remain a hint says so. Loading every page before the first
 * sort was the alternative; it was not taken because a list is read far more often than it is sorted, and a city's
 * lists grow with every year while the first page is what a user usually wants. Whoever needs the whole list in
 * order exports it (every page) or loads the rest with 加载更多.
 */
export function ListSection<T extends object>({
  title,
  operation,
  page,
  columns,
  rowKey,
  minWidth,
  filters = [],
  statuses,
  compact = false,
}: ListSectionProps<T>) {
  const headingId = useId();
  const urlQuery = useListFilters(filters);
  const query = compact ? {} : urlQuery;
  const list = useCursorList([operation, query], (cursor) => page(query, cursor, LIST_PAGE_SIZE));
  const table: TableColumnType<T>[] = columns.map((c) => ({
    key: c.title,
    title: c.title,
    width: c.width,
    align: c.align,
    render: (_: unknown, row: T) => (c.render ? c.render(row) : shown(c.value(row))),
    ...(c.sortable && !compact
      ? { sorter: (a: T, b: T) => compareCells(c.value(a), c.value(b)), showSorterTooltip: false }
      : {}),
  }));
  return (
    <section aria-labelledby={headingId}>
      <Typography.Title level={compact ? 3 : 2} id={headingId} style={{ fontSize: compact ? 16 : 20 }}>
        {title}
      </Typography.Title>
      <ProblemAlert error={list.error} />
      {!compact && (
        <Flex wrap justify="space-between" align="flex-start" gap={8} style={{ marginBottom: 12 }}>
          <ListFilters names={filters} {...(statuses ? { statuses } : {})} />
          <ExportButtons
            // Another filter is another list: the last export's count and file no longer describe it.
            key={JSON.stringify(query)}
            title={title}
            columns={columns}
            all={(cursor) => page(query, cursor, EXPORT_PAGE_SIZE)}
          />
        </Flex>
      )}
      {!compact && list.hasMore && columns.some((c) => c.sortable) && (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          排序只在已加载的 {list.items.length} 条中进行；加载全部后，排序覆盖整个列表。
        </Typography.Paragraph>
      )}
      <ScrollTable<T>
        label={`${title}列表`}
        minWidth={minWidth}
        rowKey={rowKey}
        size={compact ? 'small' : 'middle'}
        loading={list.loading}
        dataSource={list.items}
        pagination={false}
        columns={table}
      />
      <MoreButton list={list} />
    </section>
  );
}

/** A cell as the table shows it: yuan from fen, a date the Chinese way, text as it is. */
function shown(cell: Cell): ReactNode {
  if (typeof cell === 'string') return cell;
  if ('fen' in cell) return <Money fen={cell.fen} />;
  return <ChineseDate value={cell.date} />;
}

const collator = new Intl.Collator('zh-CN');

/** Two cells of one column in order: amounts by value, dates by day (none last), text in pinyin order. */
function compareCells(a: Cell, b: Cell): number {
  if (typeof a === 'object' && typeof b === 'object') {
    if ('fen' in a && 'fen' in b) return a.fen - b.fen;
    if ('date' in a && 'date' in b) return (a.date ?? '9999').localeCompare(b.date ?? '9999');
  }
  return collator.compare(String(a), String(b));
}

type Export =
  | { readonly state: 'idle' }
  | { readonly state: 'fetching'; readonly fetched: number; readonly more: boolean; readonly kind: string }
  | { readonly state: 'done'; readonly fetched: number; readonly file: string }
  | { readonly state: 'failed'; readonly error: unknown };

/**
 * 导出 Excel and 导出 CSV: every page the filters select, fetched through the cursors with a progress bar, then the
 * file written here. The API gives no total, so the bar shows what is known — the rows fetched against those plus
 * at least one more page while a cursor remains — and the count in words.
 */
function ExportButtons<T>({
  title,
  columns,
  all,
}: {
  title: string;
  columns: readonly ListColumn<T>[];
  all: (cursor: string | undefined) => Promise<Page<T>>;
}) {
  const [run, setRun] = useState<Export>({ state: 'idle' });
  const busy = run.state === 'fetching';
  const start = async (kind: 'xlsx' | 'csv') => {
    const label = kind === 'xlsx' ? 'Excel' : 'CSV';
    setRun({ state: 'fetching', fetched: 0, more: true, kind: label });
    try {
      const rows = await fetchAll(all, (fetched, more) =>
        setRun({ state: 'fetching', fetched, more, kind: label }),
      );
      const exported = columns.flatMap((c) => c.exported ?? [{ title: c.title, value: c.value }]);
      const file = `${title}列表-${todayInChinese()}.${kind}`;
      const blob = kind === 'xlsx' ? await toXlsx(`${title}列表`, exported, rows) : toCsv(exported, rows);
      saveFile(blob, file);
      setRun({ state: 'done', fetched: rows.length, file });
    } catch (error) {
      // The API's problem as it said it; anything else is the page's own failure — most often exceljs' chunk gone
      // after a new version of the portal was deployed, which a reload brings back.
      const problem =
        error instanceof ApiProblem ? error : new ApiProblem(0, '导出失败：文件未能生成，请刷新页面后重试');
      setRun({ state: 'failed', error: problem });
    }
  };
  const percent =
    run.state === 'done'
      ? 100
      : run.state === 'fetching'
        ? Math.floor((run.fetched / (run.fetched + (run.more ? EXPORT_PAGE_SIZE : 0) || 1)) * 100)
        : 0;
  return (
    <Space orientation="vertical" size={4} style={{ minWidth: 240 }}>
      <Space wrap>
        <Button onClick={() => void start('xlsx')} loading={busy && run.kind === 'Excel'} disabled={busy}>
          导出 Excel
        </Button>
        <Button onClick={() => void start('csv')} loading={busy && run.kind === 'CSV'} disabled={busy}>
          导出 CSV
        </Button>
      </Space>
      {(run.state === 'fetching' || run.state === 'done') && (
        <Progress
          percent={percent}
          size="small"
          status={run.state === 'done' ? 'success' : 'active'}
          aria-label={`导出进度：已取得 ${run.fetched} 条`}
          // The count in near-black: antd's green for a finished bar falls below WCAG AA contrast as text.
          format={() => <span style={{ color: '#1f1f1f' }}>{run.fetched} 条</span>}
        />
      )}
      <Typography.Text type="secondary" aria-live="polite">
        {run.state === 'fetching'
          ? `正在导出 ${run.kind}：已取得 ${run.fetched} 条${run.more ? '，继续取下一页…' : '，正在生成文件…'}`
          : run.state === 'done'
            ? `已导出 ${run.fetched} 条：${run.file}`
            : ''}
      </Typography.Text>
      {run.state === 'failed' && <ProblemAlert error={run.error} />}
    </Space>
  );
}
