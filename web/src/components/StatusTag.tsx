import { Tag } from 'antd';
import type { ReactNode } from 'react';

/**
 * A status or grade as a tag: the colour says which kind, the text stays near-black, as antd's light tag colours
 * with their own text colour fall below WCAG AA contrast.
 */
export function StatusTag({ color, children }: { color?: string | undefined; children: ReactNode }) {
  return (
    <Tag color={color} style={{ color: '#1f1f1f', marginInlineEnd: 4 }}>
      {children}
    </Tag>
  );
}
