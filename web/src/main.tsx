import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ConfigProvider } from 'antd';
// The ES module (antd/locale/zh_CN is CommonJS, which bundles a second copy of the locale helpers).
import zhCN from 'antd/es/locale/zh_CN';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import './components/format';
import './global.css';
import { ThemeText } from './layouts/ThemeText';
import { AppRoutes, preloadPublicPage } from './routes';
import { THEME } from './theme';

/** The server's answers live in one cache; a refused or failed request is not retried behind the user's back. */
const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } },
});

/** Draws the portal into the page's #root. */
function render() {
  createRoot(document.getElementById('root') as HTMLElement).render(
    <StrictMode>
      <ConfigProvider
        locale={zhCN}
        // Button labels as written (no space inserted between two characters: 查询, not 查 询).
        button={{ autoInsertSpace: false }}
        theme={THEME}
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
