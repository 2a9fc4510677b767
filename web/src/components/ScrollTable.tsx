import { Table, type TableProps } from 'antd';

/**
 * A table that scrolls sideways inside a keyboard-focusable, labelled region on a narrow screen (rather than
 * antd's own scroller, which a keyboard cannot reach), and fills the width on a wide one.
 */
export function ScrollTable<T extends object>({
  label,
  minWidth,
  ...props
}: TableProps<T> & { label: string; minWidth: number }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard (WCAG 2.1.1).
    <section aria-label={label} tabIndex={0} style={{ overflowX: 'auto' }}>
      <Table<T> {...props} style={{ minWidth }} />
    </section>
  );
}
