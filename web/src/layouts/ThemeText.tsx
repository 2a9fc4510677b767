import { theme } from 'antd';
import type { ReactNode } from 'react';

/**
 * The theme's text colour, size, line height and font for everything inside, as antd's <App> sets them, without
 * <App>'s message, notification and modal hooks: only the console uses those, and it brings its own <App>
 * (console-routes.tsx), so the public site's first load does not carry them.
 */
export function ThemeText({ children }: { children: ReactNode }) {
  const { token } = theme.useToken();
  return (
    <div
      style={{
        color: token.colorText,
        fontSize: token.fontSize,
        lineHeight: token.lineHeight,
        fontFamily: token.fontFamily,
      }}
    >
      {children}
    </div>
  );
}
