import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ConfigProvider, theme } from 'antd';
// The ES module (antd/locale/zh_CN is CommonJS, which bundles a second copy of the locale helpers).
import zhCN from 'antd/es/locale/zh_CN';
import { type ReactNode, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import './components/format';
import './global.css';
import { AppRoutes, preloadPublicPage } from './routes';

/** The server's answers live in one cache; a refused or failed request is not retried behind the user's back. */
const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } },
});

/**
 * The theme's text colour, size, line height and font for everything inside, as antd's <App> sets them, without
 * <App>'s message, notification and modal hooks: only the console uses those, and it brings its own <App>
 * (console-routes.tsx), so the public site's first load does not carry them.
 */
function ThemeText({ children }: { children: ReactNode }) {
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

/** Draws the portal into the page's #root. */
function render() {
  createRoot(document.getElementById('root') as HTMLElement).render(
    <StrictMode>
      <ConfigProvider
        locale={zhCN}
        // Button labels as written (no space inserted between two characters: 查询, not 查 询).
        button={{ autoInsertSpace: false }}
        theme={{
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
        }}
      >
        <ThemeText>
          <QueryClientProvider client={queryClient}>
            <BrowserRouter>
              <AppRoutes />
            </BrowserRouter>
          </QueryClientProvider>
        </ThemeText>
      </ConfigProvider>
    </StrictMode>,
  );
}

// The code of the public page being opened arrives before the first render: it is drawn at once, not after a spinner.
void preloadPublicPage(window.location.pathname).then(render, render);
