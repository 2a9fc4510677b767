import type { ThemeConfig } from 'antd';

/**
 * The portal's theme, given to antd's ConfigProvider at the root (main.tsx) and to the public pages' HTML written
 * at build time (prerender.tsx), so that both draw the same colours and text.
 */
export const THEME: ThemeConfig = {
  // Government red; secondary and placeholder text dark enough for WCAG AA contrast (4.5:1) on white.
  token: {
    colorPrimary: '#c0392b',
    borderRadius: 6,
    colorTextSecondary: '#595959',
    colorTextTertiary: '#595959',
    colorTextDescription: '#595959',
    colorTextPlaceholder: '#6b6b6b',
    // Links (a contract number in a table) darker than antd's #1677ff, which is 4.1:1 on white, below AA.
    colorLink: '#0958d9',
    // A hovered or focused default button's text and border: antd's lighter red (#cc5e4e) is 4.0:1 on white,
    // below AA; its darker step instead (8.1:1), also behind a hovered primary button's white text.
    colorPrimaryHover: '#99221a',
    // A form field's error text (「资金使用」最高 7.00 分): antd's #ff4d4f is 3.3:1 on white, below AA; red-7 is 5.9:1.
    colorError: '#cf1322',
  },
  components: {
    // A table's empty text ("暂无…") is drawn in the disabled grey, below AA contrast: secondary text instead.
    Table: { colorTextDisabled: '#595959' },
  },
};
